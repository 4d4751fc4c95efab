package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {
  record Event(double time, long order, int target) {}

  @Test
  void eventsComeOutByTimeThenInTheOrderTheyWereScheduled() {
    EventQueue queue = new EventQueue(4);
    queue.schedule(2.0, 1, 0, 0);
    queue.schedule(1.0, 2, 0, 0);
    queue.schedule(2.0, 3, 0, 0);
    queue.schedule(1.0, 4, 0, 0);
    List<Integer> order = new ArrayList<>();
    while (!queue.isEmpty()) {
      queue.poll();
      order.add(queue.target());
    }
    assertThat(order).containsExactly(2, 4, 1, 3);
  }

  @Test
  void interleavedScheduleAndPollMatchASortedReference() {
    SplittableRandom random = new SplittableRandom(7);
    EventQueue queue = new EventQueue(2);
    PriorityQueue<Event> reference =
        new PriorityQueue<>(
            Comparator.comparingDouble(Event::time).thenComparingLong(Event::order));
    long order = 0;
    double now = 0;
    List<Integer> got = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    for (int step = 0; step < 200_000; step++) {
      if (reference.isEmpty() || random.nextInt(3) > 0) {
        // Coarse times make ties frequent.
        double time = now + random.nextInt(50) / 10.0;
        int target = step;
        queue.schedule(time, target, step, -step);
        reference.add(new Event(time, order++, target));
      } else {
        queue.poll();
        now = queue.time();
        got.add(queue.target());
        assertThat(queue.request()).isEqualTo(queue.target());
        assertThat(queue.aux()).isEqualTo(-queue.target());
        expected.add(reference.poll().target());
      }
    }
    assertThat(got).isEqualTo(expected);
    assertThat(queue.size()).isEqualTo(reference.size());
  }
}
