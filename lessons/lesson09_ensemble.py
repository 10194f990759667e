"""Lesson 9: an ensemble of lesson 8's models, trained on the same batches, voting by summed logits.

What it teaches: several ``Model`` instances (each under its own variable scope) in one graph
and one Session, each trained on every batch; per-model test accuracy; and the ensemble's
prediction as the argmax of the *sum* of the models' outputs, which usually beats the best
single model because their mistakes differ.

Document: ../shared/seeds/003_5a8efeda23d98468.txt, its fifth program (``num_models = 2`` in
the code; its printout shows 7 models at 0.9933-0.9949 each and 0.9952 for the ensemble).

Erratum: the epoch print uses ``avg_cost``, which this program never defines (it accumulates
``avg_cost_list``, one entry per model), so the original stops with a NameError after the
first epoch. The lesson prints ``avg_cost_list`` instead, with a one-line note. The models
are lesson 8's, so they inherit its ``rate=keep_prob`` erratum; ``--fixed`` corrects that too.

Measured (seed 0, N = 2, as written, one epoch on the full training set, about 130 s):
model 0 0.9607 (lesson 8's figure: same seed, same first model), model 1 0.9614, ensemble
0.9645. The full 15 epochs (about 29 min): 0.9884 and 0.9884, ensemble 0.9897. That is
below the document's 0.9933-0.9949 per model because lesson 8's models, as written, drop 70 %
of their units.

Model 0 starts from the initial values TF 1.15 drew for the document's program with
``tf.set_random_seed(0)``; model 1 does not quite: it is built after model 0's gradients, and
TF 2.21's gradient functions make 9 ops fewer there than TF 1.15's, which shifts its op seeds.

Modes: ``graph`` (the document), and the dropout-off twins ``graph_nodropout`` /
``eager_nodropout`` (Keras-layer twins of each model, from its initial weights), whose curves
hold one loss column per model so ``compare`` checks each model.

    python lessons/lesson09_ensemble.py --epochs 1 --train-size 5000
"""

import functools
import sys
from pathlib import Path

import numpy as np

from tf1_lessons import registry
from tf1_lessons.compat import seed as set_seed
from tf1_lessons.compat import tf
from tf1_lessons.curves import LearningCurve
from tf1_lessons.loops import adam_step

# The document repeats lesson 8's class word for word; we load it from there instead.
layers_api = registry.from_path(Path(__file__).with_name("lesson08_layers_api.py")).load()

LESSON = {
    "name": "ensemble",
    "number": 9,
    "document": "003_5a8efeda23d98468.txt",
    "title": "Ensemble of lesson 8's models: same batches, per-model accuracy, summed predictions",
    "expected": "15 epochs, N=2 (as written): models 0.9884 / 0.9884, ensemble 0.9897 (>= best single)",
    "full_run": "29 min",
    "modes": ["graph", "graph_nodropout", "eager_nodropout"],
    "twins": ["graph_nodropout", "eager_nodropout"],
    "fixed": "print avg_cost_list (the document's avg_cost is undefined) and dropout rate 0.3 (lesson 8's erratum)",
    "budget": {"epochs": 15, "steps": 550, "train_size": 55000},
    "test_budget": {"epochs": 1, "steps": 10, "train_size": 1000},
    "golden_tolerance": {"default": {"rtol": 1e-4, "atol": 1e-6}, "accuracy_m0": {"atol": 2e-3}, "accuracy_m1": {"atol": 2e-3}, "ensemble_accuracy": {"atol": 2e-3}},
    # Per model, as lesson 8's twins (dropout off): step 0 identical, then Adam's rounding.
    "twin_tolerance": {"default": {"rtol": 1e-2, "atol": 0}, "accuracy_m0": {"atol": 2e-3}, "accuracy_m1": {"atol": 2e-3}, "ensemble_accuracy": {"atol": 2e-3}},
}
BUDGET = LESSON["budget"]  # the full run; the functions' defaults below read it

training_epoch = 15
training_batch = 100
num_models = 2


def ensemble_accuracy(logit_list, labels):
    test_size, classes = labels.shape  # the document: np.zeros(test_size * 10).reshape(test_size, 10)
    predictions = np.zeros(test_size * classes).reshape(test_size, classes)
    for p in logit_list:
        predictions += p
    return float(np.mean(np.argmax(predictions, 1) == np.argmax(labels, 1)))


def graph(seed=0, verbose=True, epochs=BUDGET["epochs"], steps=BUDGET["steps"], train_size=BUDGET["train_size"], fixed=False, training=True, mode="graph"):
    curve = LearningCurve("ensemble", mode, seed=seed, budget={"epochs": epochs, "steps": steps, "train_size": train_size})
    mnist = layers_api.load(seed, train_size)
    names = ["model" + str(m) for m in range(num_models)]
    sess, models = layers_api.new_session(seed, layers_api.dropout_rate(fixed), names=names)
    if verbose:
        print("note: the document prints `avg_cost`, which it never defines (a NameError); printing avg_cost_list, one cost per model")
        if not fixed:
            print(f"note: lesson 8's models drop {layers_api.keep_prob:.0%} of the units (rate=keep_prob); --fixed uses 0.3")
        print("Learning Started!")
    total_batch = min(int(mnist.train.num_examples / training_batch), steps)
    for epoch in range(epochs):
        avg_cost_list = np.zeros(len(models))
        for batch in range(total_batch):
            batch_xs, batch_ys = mnist.train.next_batch(training_batch)
            costs = {}
            for idx, m in enumerate(models):
                c, _ = m.train(batch_xs, batch_ys, trainning=training)
                avg_cost_list[idx] += c / total_batch
                costs[f"loss_m{idx}"] = c
            curve.record(epoch * total_batch + batch, loss=np.mean(list(costs.values())), **costs)
        if verbose:
            print("Epoch:", "%04d" % (epoch + 1), "cost =", avg_cost_list)
    if verbose:
        print("Learning Finished!")

    results = {}
    logit_list = []
    for idx, m in enumerate(models):
        results[f"accuracy_m{idx}"] = m.get_accuracy(mnist.test.images, mnist.test.labels)
        if verbose:
            print(idx, "Accuracy:", results[f"accuracy_m{idx}"])
        logit_list.append(m.predict(mnist.test.images))
    results["ensemble_accuracy"] = ensemble_accuracy(logit_list, mnist.test.labels)
    if verbose:
        print("Ensemble accuracy: ", results["ensemble_accuracy"])
    sess.close()
    curve.add_result(**results)
    return curve


def graph_nodropout(seed=0, verbose=True, epochs=BUDGET["epochs"], steps=BUDGET["steps"], train_size=BUDGET["train_size"], fixed=False):
    return graph(seed, verbose, epochs, steps, train_size, fixed, training=False, mode="graph_nodropout")


def eager_nodropout(seed=0, verbose=True, epochs=BUDGET["epochs"], steps=BUDGET["steps"], train_size=BUDGET["train_size"], fixed=False):
    """Each model's Keras-layer twin, from its graph initial weights, trained on the same batches."""
    curve = LearningCurve("ensemble", "eager_nodropout", seed=seed, budget={"epochs": epochs, "steps": steps, "train_size": train_size})
    rate = layers_api.dropout_rate(fixed)
    names = ["model" + str(m) for m in range(num_models)]
    sess, graph_models = layers_api.new_session(seed, rate, names=names)
    starts = [sess.run(m.weights()) for m in graph_models]
    sess.close()
    mnist = layers_api.load(seed, train_size)
    set_seed(seed)
    models, steps_fns = [], []
    for start in starts:
        model = layers_api.keras_twin(rate)
        model.set_weights(start)
        models.append(model)
        steps_fns.append(adam_step(functools.partial(model, training=False), model.trainable_variables, layers_api.learning_rate))
    total_batch = min(int(mnist.train.num_examples / training_batch), steps)
    for epoch in range(epochs):
        for batch in range(total_batch):
            batch_xs, batch_ys = mnist.train.next_batch(training_batch)
            x, y = tf.constant(batch_xs), tf.constant(batch_ys, tf.float32)
            costs = {f"loss_m{idx}": fn(x, y).numpy() for idx, fn in enumerate(steps_fns)}
            curve.record(epoch * total_batch + batch, loss=np.mean(list(costs.values())), **costs)
    x_test = tf.constant(mnist.test.images)
    logit_list = [m(x_test, training=False).numpy() for m in models]
    results = {
        f"accuracy_m{idx}": float(np.mean(np.argmax(l, 1) == np.argmax(mnist.test.labels, 1))) for idx, l in enumerate(logit_list)
    }
    results["ensemble_accuracy"] = ensemble_accuracy(logit_list, mnist.test.labels)
    if verbose:
        print(results)
    curve.add_result(**results)
    return curve


if __name__ == "__main__":
    from tf1_lessons.cli import run_as_script

    sys.exit(run_as_script(__file__))
