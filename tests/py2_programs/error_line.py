# A Python 2 program that fails: the traceback names this file and this line, as Python 2's did.
def mean(values):
    return sum(values) / len(values)

print "mean:", mean([1, 2, 4])
print "mean of nothing:", mean([])
