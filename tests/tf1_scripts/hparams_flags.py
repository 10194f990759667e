# Hyperparameters as research code of 2017-2019 configured them: tf.contrib.training.HParams
# with defaults in code, overridden from a --hparams string, JSON or a dict, mistakes reported.
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_string("hparams", "learning_rate=0.3,num_layers=4,name=big,use_bn=false,sizes=[3, 4 ,5]", "overrides")
FLAGS = flags.FLAGS


def defaults():
    return tf.contrib.training.HParams(learning_rate=0.1, num_layers=2, name="model", use_bn=True,
                                       sizes=[1, 2], rates=[0.5])


def attempt(label, action):
    try:
        print(label, "->", action())
    except (ValueError, KeyError, TypeError) as e:
        print(label, "!!", type(e).__name__, e)


def main(_):
    hp = defaults()
    print(repr(hp))
    print(str(hp))
    print(hp.to_json(indent=2, sort_keys=True))
    print(hp.parse(FLAGS.hparams) is hp, hp.values())
    for text in ["num_layers=1.5", "nosuch=1", "learning_rate=abc", "num_layers", "sizes=3", "rates=[1,2]",
                 "learning_rate=1", "use_bn=1", "use_bn=True", "use_bn=yes", "use_bn=TRUE", "name=a b",
                 "sizes[1]=9", "num_layers=2, ", " num_layers=3", "num_layers = 5", "num_layers=+3",
                 "num_layers=1e3", "num_layers=0x10", "num_layers=1;name=x", "num_layers=1,num_layers=2",
                 "name=[a,b]", "name=a,b", "sizes=[]", "sizes=[1,b]", "rates=[ 1 , 2 ]", "", "name="]:
        attempt("parse %r" % text, lambda: defaults().parse(text).values())  # noqa: B023 - called at once
    hp = tf.contrib.training.HParams(a=1)
    hp.add_hparam("b", 2.5)
    attempt("add existing", lambda: hp.add_hparam("b", 3))
    attempt("add reserved", lambda: hp.add_hparam("values", 3))
    attempt("add empty list", lambda: hp.add_hparam("c", []))
    attempt("set float into int", lambda: hp.set_hparam("a", 5.5))
    attempt("set str into int", lambda: hp.set_hparam("a", "x"))
    attempt("set bool into int", lambda: hp.set_hparam("a", True))
    attempt("set None", lambda: hp.set_hparam("a", None))
    attempt("set unknown", lambda: hp.set_hparam("zz", 1))
    hp.set_hparam("b", 3)
    print("int into float", hp.b, type(hp.b).__name__)
    attempt("override float into int", lambda: hp.override_from_dict({"a": 2.5}).values())
    attempt("override unknown", lambda: hp.override_from_dict({"zz": 7}).values())
    attempt("json", lambda: hp.parse_json('{"a": 9, "b": 1.5}').values())
    attempt("json float into int", lambda: hp.parse_json('{"a": 2.5}').values())
    print(hp.get("a"), hp.get("zz", "default"), "a" in hp, "zz" in hp, hp.get("a", None))
    attempt("get float default", lambda: hp.get("a", 2.5))
    attempt("get str default", lambda: hp.get("a", "str"))
    lists = tf.contrib.training.HParams(x=[1], y=(1, 2))
    attempt("get scalar default for a list", lambda: lists.get("x", 3))
    print(lists.get("x", [3]), lists.values())
    hp.del_hparam("b")
    hp.del_hparam("nosuch")
    print(hp.values(), hp.to_json(separators=(",", ":")))
    hp.set_model_structure({"layers": 2})
    print(hp.get_model_structure())


if __name__ == "__main__":
    tf.app.run()
