package dev.blueprint.simulator.des;

/** The service time a station draws for one request, which may depend on its sizes. */
@FunctionalInterface
interface ServiceTime {
  double seconds(Requests requests, int request);
}
