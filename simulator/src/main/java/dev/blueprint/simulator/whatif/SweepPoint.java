package dev.blueprint.simulator.whatif;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One combination of a sweep's values.
 *
 * @param index its place in the sweep, from 0
 * @param values each varied path's value, in the order the variations were given
 */
public record SweepPoint(int index, Map<ParameterPath, String> values) {
  public SweepPoint {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** {@code components.ranker.replicas=4 workload.rate=1M/s}, the way the user wrote them. */
  public String label() {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  /** The value of the path named {@code path}. */
  public String value(String path) {
    return values.get(ParameterPath.parse(path));
  }
}
