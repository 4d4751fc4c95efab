"""The M/M/1 queue of EngineBenchmark in SimPy, for a side-by-side speed figure.

Debian packages SimPy 2.3 (python3-simpy), so this uses its classic process API. Same model:
Poisson arrivals at 0.9/s, exponential service with mean 1 s, one server, FIFO; prints the
mean time in system (theory: 10 s) and the customers simulated per second of wall time.
"""
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate


class Stats:
    def __init__(self):
        self.count = 0
        self.total = 0.0


class Customer(Process):
    def visit(self, server, stats):
        arrived = now()
        yield request, self, server
        yield hold, self, random.expovariate(1.0)
        yield release, self, server
        stats.count += 1
        stats.total += now() - arrived


class Source(Process):
    def generate(self, n, rate, server, stats):
        for _ in range(n):
            customer = Customer()
            activate(customer, customer.visit(server, stats))
            yield hold, self, random.expovariate(rate)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    random.seed(12345)
    initialize()
    server = Resource(capacity=1)
    stats = Stats()
    source = Source()
    activate(source, source.generate(n, 0.9, server, stats))
    started = time.perf_counter()
    simulate(until=1e12)
    wall = time.perf_counter() - started
    print(f"SimPy {n} customers: mean time in system {stats.total / stats.count:.3f} s, "
          f"{wall:.2f} s of wall time, {n / wall:,.0f} customers/s")


if __name__ == "__main__":
    main()
