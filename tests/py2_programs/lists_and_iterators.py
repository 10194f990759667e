# Where Python 2 returned lists: dict.keys()/values()/items(), range, zip, map, filter,
# indexed and iterated twice; and the iter* methods that went away.
d = {"lr": 0.1}
print d.keys()[0], d.values()[0], d.items()[0]
scores = {"b": 2, "a": 1, "c": 3}
keys = scores.keys()
keys.sort()
print keys, sorted(scores.items())
print d.has_key("lr"), d.has_key("epochs")
for k, v in d.iteritems():
    print k, v
r = range(5)
print r[2], r[-1], len(r), r + [5]
z = zip("abc", [1, 2, 3])
print z[1], len(z)
m = map(lambda x: x * x, [1, 2, 3])
print m[0], sum(m), sum(m)
f = filter(lambda x: x % 2, range(6))
print f, f[0]
total = 0
for i in xrange(4):
    total += i
print total
print reduce(lambda a, b: a * b, [1, 2, 3, 4])
