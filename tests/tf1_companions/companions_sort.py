# pandas < 0.20's DataFrame.sort, as 2016 code called it. Run by Python 3.6 with pandas 0.19.2 (its
# last release with sort), its output is companions_sort.reference.txt; `tf1-lessons exec` must
# print the same (tests/test_companions.py).
import warnings

import pandas as pd

warnings.simplefilter("ignore")
df = pd.DataFrame({"a": [3, 1, 2, 1], "b": [5.0, 8.0, 6.0, 7.0]}, index=list("pqrs"))
print("by column", df.sort("b", ascending=False).index.tolist(), df.sort(columns=["a", "b"]).index.tolist())
print("by index", df.sort(ascending=False).index.tolist())
df.sort("a", inplace=True)
print("inplace", df.index.tolist())
