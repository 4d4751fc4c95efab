package dev.blueprint.edge.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam (Kingma and Ba, 2015) as one training step in the graph, with the ordering made explicit:
 * every {@code ApplyAdam} waits for all gradients, and the {@code beta1^t}, {@code beta2^t} updates
 * wait for every {@code ApplyAdam}.
 *
 * <p>Why not {@code org.tensorflow.framework.optimizers.Adam}: in tensorflow-framework 1.0.0 its
 * {@code finish} adds the {@code beta_power} assignments next to the {@code ApplyAdam} ops without
 * a control dependency between them, so within one step an update may read the power before or
 * after it is multiplied. Training then differs from run to run by a few ulps that grow (seen here:
 * the same seed gave different weights on consecutive runs). The arithmetic below is the same
 * kernel ({@code ApplyAdam}) with the same defaults.
 */
final class GatedAdam {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  private GatedAdam() {}

  /** The op that runs one step of Adam on {@code variables} against {@code loss}. */
  static Op minimize(
      Graph g,
      Ops tf,
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> variables,
      float learningRate) {
    Output<?>[] targets = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Output<?>[] gradients = g.addGradients(loss.asOutput(), targets);
    Ops adam = tf.withSubScope("adam");
    Variable<TFloat32> beta1Power = adam.withName("beta1_power").variable(adam.constant(BETA1));
    Variable<TFloat32> beta2Power = adam.withName("beta2_power").variable(adam.constant(BETA2));
    List<Operand<TFloat32>> grads = new ArrayList<>();
    for (Output<?> gradient : gradients) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g32 = (Operand<TFloat32>) gradient;
      grads.add(adam.identity(g32));
    }
    List<Op> gradientOps = grads.stream().map(o -> (Op) o).toList();
    Ops gated = adam.withControlDependencies(gradientOps);
    List<Op> applies = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> v = variables.get(i);
      Variable<TFloat32> m = adam.variable(adam.zeros(adam.shape(v), TFloat32.class));
      Variable<TFloat32> s = adam.variable(adam.zeros(adam.shape(v), TFloat32.class));
      Operand<TFloat32> gradient = grads.get(i);
      applies.add(
          gated.train.applyAdam(
              v,
              m,
              s,
              beta1Power,
              beta2Power,
              gated.constant(learningRate),
              gated.constant(BETA1),
              gated.constant(BETA2),
              gated.constant(EPSILON),
              gradient));
    }
    Ops after = adam.withControlDependencies(applies);
    Op b1 = after.assign(beta1Power, after.math.mul(beta1Power, after.constant(BETA1)));
    Op b2 = after.assign(beta2Power, after.math.mul(beta2Power, after.constant(BETA2)));
    return adam.withControlDependencies(List.of(b1, b2)).withName("step").noOp();
  }
}
