# contrib.learn's small data sets as TF 1.15 loaded them: iris (every value summed per column,
# the two samples scikit-learn later corrected, the dtypes) through each public name, and the
# Boston reader on a three-row file this script writes in the folder it is given.
import hashlib
import os
import sys

import numpy as np
import tensorflow as tf
from tensorflow.contrib import learn

iris = learn.datasets.load_dataset("iris")
print(type(iris).__name__, iris.data.shape, iris.data.dtype, iris.target.dtype)
print("column sums", np.round(iris.data.sum(axis=0), 6).tolist(), "classes", np.bincount(iris.target).tolist())
print("md5", hashlib.md5(iris.data.tobytes()).hexdigest(), hashlib.md5(iris.target.tobytes()).hexdigest())
print("rows 34, 37", iris.data[34].tolist(), iris.data[37].tolist())
print(
    "same through base and datasets",
    (learn.datasets.base.load_iris().data == iris.data).all(),
    (tf.contrib.learn.datasets.load_iris().target == iris.target).all(),
)

folder = sys.argv[1] if len(sys.argv) > 1 else "."
if not os.path.exists(folder):
    os.makedirs(folder)
path = os.path.join(folder, "boston_small.csv")
with open(path, "w") as f:
    f.write("3,2,A,B\n0.5,1.0,24.0\n0.25,2.0,21.6\n1.5,3.0,34.7\n")
boston = learn.datasets.base.load_boston(data_path=path)
print(boston.data.tolist(), boston.target.tolist(), boston.data.dtype, boston.target.dtype)
