# Python 2's print statement in its forms: several values, a trailing comma (no newline, one
# space before the next value), >>file, a bare print, % formatting, and a parenthesised pair,
# which Python 2 printed as a tuple.
import sys

print "one", 2, 3.5
print "no newline here,",
print "continued"
print >>sys.stderr, "to stderr", 42
print
print "%d items at %.2f each" % (3, 1.5)
print (1, 2)
print ("just one")
x = [1, 2, 3]
print x, len(x)
for i in range(3):
    print i,
print
print >>sys.stdout, "to stdout by name"
