package dev.blueprint.app.whatif;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** CPU time of this process, over all its threads, where the JVM reports it. */
public final class CpuTime {
  private CpuTime() {}

  /** Nanoseconds of CPU this process has used; 0 where the JVM does not say. */
  public static long processNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }
}
