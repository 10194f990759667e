# The removed names of TF1 code's companion libraries, each called as 2017-2019 code called it.
# Run by Python 3.7 with their last releases that had them (SciPy 1.2.3, Pillow 6.2.2, scikit-learn
# 0.19.2, pandas 0.25.3, matplotlib 2.2.5), its output is companions_probe.reference.txt; under
# `tf1-lessons exec` it must print the same (tests/test_companions.py). DataFrame.sort, gone from
# pandas 0.25, is in companions_sort.py (pandas 0.19.2, Python 3.6).
import collections
import fractions
import inspect
import warnings

import numpy as np
import pandas as pd

warnings.simplefilter("ignore")

df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [5.0, 6.0, 7.0, 8.0], "c": list("wxyz")}, index=list("pqrs"))
print("ix row label", df.ix["q"].tolist())
print("ix row position", df.ix[2].tolist())
print("ix cell", df.ix[1, "b"], df.ix["r", 0], df.ix["s", "c"])
print("ix slices", df.ix[1:3, ["a", "c"]].values.tolist(), df.ix["q":"r", "b"].tolist())
print("ix list", df.ix[[0, 3]].index.tolist(), df.ix[["p", "s"], "a"].tolist())
num = pd.DataFrame({"v": [10, 20, 30, 40]}, index=[3, 2, 1, 0])
print("ix integer index", num.ix[1, "v"], num.ix[0:2, "v"].tolist())
s = pd.Series([1.5, 2.5, 3.5], index=["x", "y", "z"])
print("series ix", s.ix[0], s.ix["z"], s.ix[1:].tolist())
df.ix[0, "b"] = 50.0
df.ix["s", "a"] = 40
print("ix set", df["b"].tolist(), df["a"].tolist())
print("as_matrix", df.as_matrix(["a", "b"]).tolist(), s.as_matrix().tolist())
print("append", df.append(df.iloc[:1]).shape, s.append(s).tolist(), df.append({"a": 9}, ignore_index=True).shape)

from sklearn.cross_validation import KFold, StratifiedKFold, ShuffleSplit, train_test_split, cross_val_score
from sklearn.grid_search import GridSearchCV
from sklearn.externals import joblib
from sklearn.neighbors import KNeighborsClassifier

print("kfold", [t.tolist() for _, t in KFold(7, n_folds=3)], len(KFold(7, n_folds=3)))
print("kfold shuffled", [t.tolist() for _, t in KFold(7, n_folds=3, shuffle=True, random_state=0)])
y = np.array([0, 0, 0, 1, 1, 1, 1, 0, 1, 0])
print("stratified", [t.tolist() for _, t in StratifiedKFold(y, n_folds=3)], len(StratifiedKFold(y, 4)))
print("stratified shuffled", [t.tolist() for _, t in StratifiedKFold(y, n_folds=3, shuffle=True, random_state=3)])
print("shuffle split", [t.tolist() for _, t in ShuffleSplit(10, n_iter=2, test_size=3, random_state=1)])
X = np.arange(20).reshape(10, 2).astype(float)
a, b, c, d = train_test_split(X, y, test_size=0.3, random_state=42)
print("train_test_split", b[:, 0].tolist(), d.tolist())
print("cross_val_score", np.round(cross_val_score(KNeighborsClassifier(n_neighbors=1), X, y, cv=3), 4).tolist())
grid = GridSearchCV(KNeighborsClassifier(n_neighbors=1), {"n_neighbors": [1, 3]}, cv=2).fit(X, y)
print("grid", grid.best_params_, callable(joblib.dump))

print("abc", issubclass(list, collections.Iterable), isinstance({}, collections.Mapping), collections.Callable is collections.abc.Callable if hasattr(collections, "abc") else True)
print("gcd", fractions.gcd(12, -18), fractions.gcd(-12, 18), fractions.gcd(0, -5), fractions.gcd(7.5, 2.5))
print("getargspec", inspect.getargspec(lambda x, y=2, *a, **k: 0))
try:
    inspect.getargspec(eval("lambda x, *, y: 0"))
except ValueError as e:
    print("getargspec error", e)

import scipy.misc
from scipy.special import logsumexp as lse
print("misc special", scipy.misc.logsumexp([0.5, 1.5]) == lse([0.5, 1.5]), scipy.misc.comb(10, 3), scipy.misc.factorial(5))
img = np.arange(48, dtype=np.float64).reshape(6, 8) - 10.0
print("bytescale", scipy.misc.bytescale(img)[0].tolist(), scipy.misc.bytescale(img, cmin=0, cmax=20, high=100, low=10)[2].tolist())
print("toimage modes", scipy.misc.toimage(img).mode, scipy.misc.toimage(img, mode="F").mode, scipy.misc.toimage(np.zeros((4, 5, 4))).mode)
print("imresize nearest", scipy.misc.imresize(img, (3, 4), interp="nearest").tolist())
print("imresize bicubic", scipy.misc.imresize(img, 150, interp="bicubic").sum(), scipy.misc.imresize(img, 0.5).shape)
print("fromimage", scipy.misc.fromimage(scipy.misc.toimage(img), flatten=True).dtype.name)

from PIL import Image, ImageDraw, ImageFont
print("pil", Image.ANTIALIAS, Image.LINEAR, Image.CUBIC)
draw = ImageDraw.Draw(Image.new("RGB", (64, 32)))
font = ImageFont.load_default()
print("textsize", draw.textsize("ab", font=font) == draw.textsize("ab", font=font), type(draw.textsize("ab", font=font)).__name__)

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
plt.hold(True)
ax = plt.gca()
ax.hold(True)
n, _, _ = ax.hist([1, 2, 2, 3, 3, 3], bins=3, normed=True)
print("hist normed", np.round(n, 4).tolist())
n, _, _ = plt.hist([1, 2, 2, 3, 3, 3], bins=3, normed=1)
print("plt hist normed", np.round(n, 4).tolist())
