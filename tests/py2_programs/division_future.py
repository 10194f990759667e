# A Python 2 file that asked for true division keeps it.
from __future__ import division

print "true division:", 7 / 2, 1 / 4
