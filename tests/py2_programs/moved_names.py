# Names and modules Python 3 renamed or dropped: unicode, basestring, long, raw_input,
# cPickle, cStringIO, Queue, urllib's quote/urlencode, urllib2's names, .next(), octal literals.
import cPickle
import Queue
import urllib
import urllib2
from cStringIO import StringIO

print unicode("text"), isinstance("s", basestring), isinstance(u"u", basestring)
print long(7) * 3, 0777, 0x1F
data = cPickle.loads(cPickle.dumps({"w": [1, 2]}))
print data["w"]
buf = StringIO()
buf.write("in memory")
print buf.getvalue()
q = Queue.Queue()
q.put(5)
print q.get()
print urllib.quote("a b&c"), urllib.urlencode({"q": "tf"})
print callable(urllib2.urlopen), urllib2.HTTPError.__name__
it = iter(["first", "second"])
print it.next(), it.next()
name = raw_input()
print "read:", name
