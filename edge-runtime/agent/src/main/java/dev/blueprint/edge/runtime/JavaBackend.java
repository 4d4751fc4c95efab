package dev.blueprint.edge.runtime;

import dev.blueprint.edge.kernels.Gemm;
import java.util.Optional;

/**
 * The Java interpreter over the float graph ({@code java-float}) or the int8 graph ({@code
 * java-int8}).
 */
public final class JavaBackend implements Backend {
  public static final JavaBackend FLOAT = new JavaBackend(false);
  public static final JavaBackend INT8 = new JavaBackend(true);

  private final boolean int8;

  private JavaBackend(boolean int8) {
    this.int8 = int8;
  }

  @Override
  public String name() {
    return int8 ? "java-int8" : "java-float";
  }

  /** Which GEMM kernels run: the Vector API or the scalar fallback. */
  public static String kernels() {
    return Gemm.implementation();
  }

  @Override
  public Optional<String> cannotRun(LoadedModel model) {
    return int8 && model.int8Graph().isEmpty()
        ? Optional.of(model.name() + " has no int8 graph; run quantize first")
        : Optional.empty();
  }

  @Override
  public Interpreter open(LoadedModel model) {
    return new Interpreter(int8 ? model.int8Graph().orElseThrow() : model.floatGraph());
  }
}
