"""Python's global `random` generator, drawn in blocks through numpy: the same numbers, in order.

richardsonpy draws one `random.random()` per appliance or bulb and minute, from Python's global
Mersenne Twister. Python's `random()` and numpy's legacy `RandomState.random_sample()` are the
same generator (MT19937) with the same 53-bit conversion (`genrand_res53`: two 32-bit words,
(a >> 5) * 2**26 + (b >> 6), over 2**53), so numpy, started from Python's state, yields the very
doubles Python would, many at a time. `Stream` takes the state, lets the fast models read ahead,
and `close()` hands Python's generator the state after exactly the doubles used, so every later
draw is the one it would have been. `gauss` is CPython's `Random.gauss`, operation for operation
(it draws from `random()` and keeps the second value in `gauss_next`, which is carried over).
speedcheck.py compares all of this with Python's own generator.
"""
import math
import random

import numpy as np

TWOPI = 2.0 * math.pi
_BLOCK = 4096


class Stream:
    def __init__(self):
        version, internal, self.gauss_next = random.getstate()
        if version != 3 or len(internal) != 625:
            raise RuntimeError(f"unexpected state of Python's random generator (version {version})")
        self._start = ("MT19937", np.array(internal[:624], dtype=np.uint32), internal[624])
        self._rs = np.random.RandomState()
        self._rs.set_state(self._start)
        self.buf = self._rs.random_sample(_BLOCK)
        self.pos = 0  # doubles used from `buf`
        self._base = 0  # doubles used before `buf`

    def ahead(self, n):
        """The next `n` doubles (not yet used: advance `pos` by what is used)."""
        if self.pos + n > len(self.buf):
            more = max(n, _BLOCK)
            self.buf = np.concatenate((self.buf[self.pos :], self._rs.random_sample(more)))
            self._base += self.pos
            self.pos = 0
        return self.buf[self.pos : self.pos + n]

    def random(self):
        if self.pos >= len(self.buf):
            self.ahead(1)
        x = float(self.buf[self.pos])
        self.pos += 1
        return x

    def gauss(self, mu, sigma):
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            x2pi = self.random() * TWOPI
            g2rad = math.sqrt(-2.0 * math.log(1.0 - self.random()))
            z = math.cos(x2pi) * g2rad
            self.gauss_next = math.sin(x2pi) * g2rad
        return mu + z * sigma

    def used(self):
        return self._base + self.pos

    def close(self):
        """Leaves Python's generator where `used()` single draws would have left it."""
        rs = np.random.RandomState()
        rs.set_state(self._start)
        n = self.used()
        if n:
            rs.random_sample(n)
        _, key, pos = rs.get_state()[:3]
        random.setstate((3, tuple(key.tolist()) + (int(pos),), self.gauss_next))
