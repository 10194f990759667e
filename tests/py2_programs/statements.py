# Python 2's statement forms: except E, e; raise E, "message"; exec "..."; backquotes; <>.
def check(x):
    if x <> 3:
        raise ValueError, "not three: %d" % x
    return `x`

try:
    check(4)
except ValueError, e:
    print "caught:", e
print check(3)
exec "y = 6 / 4"
print y
exec "print 'from exec', 2 * 3"
class Old:
    def __nonzero__(self):
        return False
print bool(Old())
