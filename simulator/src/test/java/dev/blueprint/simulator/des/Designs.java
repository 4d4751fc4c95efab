package dev.blueprint.simulator.des;

import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignParser;

/** Small designs written the way a user writes them. */
final class Designs {
  private Designs() {}

  static Design parse(String yaml) {
    return new DesignParser(DesignFiles.none()).parse(yaml, "test.yaml");
  }

  /** One station fed by Poisson arrivals. */
  static Design station(String rate, int servers, String service) {
    return parse(
        """
        name: station
        workload:
          arrival: poisson
          rate: %s
        components:
          server:
            kind: station
            servers: %d
            service: %s
        flow:
          - server
        """
            .formatted(rate, servers, service));
  }
}
