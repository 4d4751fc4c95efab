package dev.blueprint.app.workbench;

import dev.blueprint.edge.coordinator.FederatedRelease;
import dev.blueprint.edge.coordinator.FederatedTaskRun;
import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.publisher.ModelBundles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;

/**
 * The federated task's release: a finished task's exported model described as a release (version,
 * counter, targets, model key, keys.json) and packaged as a signed model bundle through {@link
 * FederatedRelease}, the same path as {@code blueprint-edge bundle model}; the bundle is handed to
 * the tab's rollout. Touches no control: {@link FederatedTaskPane} binds.
 */
final class FederatedReleaseViewModel {
  /** What a task's export wrote, and the task it came from (the bundle's name). */
  record Exported(String taskId, FederatedTaskRun.Export files) {}

  /** A packaged release and the id of the key that signed it. */
  private record Packaged(ModelBundles.Written written, String keyId) {}

  private final TaskRunner tasks;
  private final ReadOnlyObjectProperty<Exported> exported;
  private final Consumer<String> offerForRollout;
  private final StringProperty version = new SimpleStringProperty("1.0.0");
  private final StringProperty counter = new SimpleStringProperty("");
  private final StringProperty targets = new SimpleStringProperty("cpu");
  private final StringProperty modelKeyFile = new SimpleStringProperty("");
  private final StringProperty keysFile = new SimpleStringProperty("");
  private final ReadOnlyBooleanWrapper packaging = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final BooleanBinding canPackage;

  /**
   * @param exported the export to package, null until a task's model is exported
   * @param busy whether a task runs (nothing is packaged meanwhile)
   * @param offerForRollout takes a packaged bundle's path: the tab's rollout offers it next
   */
  FederatedReleaseViewModel(
      TaskRunner tasks,
      ReadOnlyObjectProperty<Exported> exported,
      ObservableBooleanValue busy,
      Consumer<String> offerForRollout) {
    this.tasks = tasks;
    this.exported = exported;
    this.offerForRollout = offerForRollout;
    canPackage =
        exported
            .isNotNull()
            .and(BooleanExpression.booleanExpression(busy).not())
            .and(packaging.not())
            .and(version.isNotEmpty())
            .and(counter.isNotEmpty())
            .and(targets.isNotEmpty())
            .and(modelKeyFile.isNotEmpty())
            .and(keysFile.isNotEmpty());
  }

  /** The release's human version, e.g. 1.1.0. */
  StringProperty versionProperty() {
    return version;
  }

  /** The release's anti-rollback counter: above every release the devices have installed. */
  StringProperty counterProperty() {
    return counter;
  }

  /** Hardware profile ids or kinds the release runs on, comma-separated. */
  StringProperty targetsProperty() {
    return targets;
  }

  /** The key model bundles are signed with (not the round key: devices tell them apart). */
  StringProperty modelKeyFileProperty() {
    return modelKeyFile;
  }

  /** keys.json, signed by the root, listing the model key; the bundle carries it. */
  StringProperty keysFileProperty() {
    return keysFile;
  }

  /** Whether Package can be pressed: a model is exported and the release is described. */
  BooleanBinding canPackageProperty() {
    return canPackage;
  }

  /** What the last Package wrote, or why it refused; empty before. */
  ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Forgets the last package's outcome (a new task is starting). */
  void clear() {
    status.set("");
  }

  /**
   * Packages the exported model (int8 when there is one) as a signed model bundle beside it and
   * hands it to the tab's rollout; the status says what was written or why not.
   */
  void packageModel() {
    Exported what = exported.get();
    if (!canPackage.get() || what == null) {
      return;
    }
    long release;
    try {
      release = Long.parseLong(counter.get().trim());
    } catch (NumberFormatException e) {
      status.set(
          "Package refused: the counter must be a whole number, got '" + counter.get() + "'");
      return;
    }
    String v = version.get().trim();
    List<String> on =
        Arrays.stream(targets.get().split(","))
            .map(String::trim)
            .filter(t -> !t.isEmpty())
            .toList();
    Path key = Path.of(modelKeyFile.get().trim());
    Path keys = Path.of(keysFile.get().trim());
    packaging.set(true);
    status.set("Packaging ...");
    tasks.start(
        BackgroundJob.of(
                "fl-package",
                context -> {
                  Ed25519.SigningKey signer = Ed25519.readPrivate(key);
                  return new Packaged(
                      FederatedRelease.write(
                          what.taskId(), what.files(), v, release, on, signer, keys),
                      signer.keyId());
                })
            .onSucceeded(
                packaged -> {
                  var written = packaged.written();
                  packaging.set(false);
                  status.set(
                      String.format(
                          Locale.ROOT,
                          "Wrote %s: %s %s (counter %d), %,d bytes, signed with key %s; it is the"
                              + " Bundle under Devices and OTA now: Roll out offers it wave by"
                              + " wave.",
                          written.bundle(),
                          written.manifest().name(),
                          written.manifest().version(),
                          written.manifest().counter(),
                          written.bytes(),
                          packaged.keyId()));
                  offerForRollout.accept(written.bundle().toString());
                })
            .onFailed(
                ex -> {
                  packaging.set(false);
                  status.set("Package refused: " + FederatedTaskViewModel.describe(ex));
                }));
  }
}
