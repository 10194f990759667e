# slim.nets as TF1 code built them (tf.contrib.slim.nets: resnet v1/v2, inception v1/v3, vgg, alexnet) in
# their own arg scopes: per net, the op count TF 1.15's seed rule sees, the variables (count, first
# and last names), UPDATE_OPS, regularization losses and the logits' shape. Nothing is trained.
import tensorflow as tf
import tensorflow.contrib.slim as slim
from tensorflow.contrib.slim.nets import alexnet, inception, resnet_v1, resnet_v2, vgg

try:  # under exec: the ops TF 1.15 made that TF 2 does not (counted, not made)
    from tf1_lessons.tf1.tf115_ops import extra_ops
except ImportError:  # TensorFlow 1.15 itself

    def extra_ops(graph):
        return 0


for name, build, size in (
    ("resnet_v1_50", lambda x: resnet_v1.resnet_v1_50(x, 10, is_training=True), 64),
    ("resnet_v2_50", lambda x: resnet_v2.resnet_v2_50(x, 10, is_training=False), 64),
    ("inception_v3", lambda x: inception.inception_v3(x, 10, is_training=True), 299),
    ("inception_v1", lambda x: inception.inception_v1(x, 10), 224),
    ("vgg_16", lambda x: vgg.vgg_16(x, 10), 224),
    ("alexnet", lambda x: alexnet.alexnet_v2(x, 10), 224),
):
    g = tf.Graph()
    with g.as_default():
        scope = resnet_v1.resnet_arg_scope() if name.startswith("resnet") else (
            inception.inception_v3_arg_scope() if name.startswith("inception") else vgg.vgg_arg_scope())
        with slim.arg_scope(scope):
            logits, points = build(tf.placeholder(tf.float32, [2, size, size, 3]))
        names = [v.op.name for v in tf.global_variables()]
        print(name, len(g.get_operations()) + extra_ops(g), len(names), names[:2], names[-2:],
              len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)), len(tf.losses.get_regularization_losses()),
              logits.shape.as_list())
