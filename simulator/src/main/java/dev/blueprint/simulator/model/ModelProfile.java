package dev.blueprint.simulator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model architecture: what it is made of, the figures its authors published, and where every
 * number comes from.
 *
 * @param id the catalog id, equal to the file name ({@code llama-3.1-70b})
 * @param name the display name
 * @param family the broad kind of model
 * @param task what it is for, or empty
 * @param structure the layers or the transformer architecture
 * @param published figures to check the derivation against
 * @param sources citation id → citation text
 * @param notes derivations and caveats, or empty
 * @param origin the file or resource it was read from ({@code synthetic} for generated ones)
 */
public record ModelProfile(
    String id,
    String name,
    ModelFamily family,
    String task,
    ModelStructure structure,
    PublishedFigures published,
    Map<String, String> sources,
    String notes,
    String origin) {
  public ModelProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(structure, "structure");
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(notes, "notes");
    Objects.requireNonNull(origin, "origin");
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }

  /** Derived trainable parameters (all experts). */
  public double parameterCount() {
    return structure.parameterCount();
  }

  /** Derived parameters active per token or sample. */
  public double activeParameterCount() {
    return structure.activeParameterCount();
  }

  /** The transformer architecture, if this is a transformer. */
  public Optional<TransformerArchitecture> transformer() {
    return structure instanceof TransformerArchitecture t ? Optional.of(t) : Optional.empty();
  }

  /**
   * A profile built in code rather than read from YAML (an edge graph, an imported file): the
   * required parts here, the optional ones on the builder; {@link Builder#build} calls the
   * canonical constructor, so the checks are the same.
   */
  public static Builder builder(
      String id, String name, ModelFamily family, ModelStructure structure) {
    return new Builder(id, name, family, structure);
  }

  /** Builds a {@link ModelProfile}; see {@link #builder}. */
  public static final class Builder {
    private final String id;
    private final String name;
    private final ModelFamily family;
    private final ModelStructure structure;
    private String task = "";
    private PublishedFigures published = PublishedFigures.NONE;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private String notes = "";
    private String origin = "synthetic";

    private Builder(String id, String name, ModelFamily family, ModelStructure structure) {
      this.id = id;
      this.name = name;
      this.family = family;
      this.structure = structure;
    }

    public Builder task(String value) {
      this.task = value;
      return this;
    }

    public Builder published(PublishedFigures value) {
      this.published = value;
      return this;
    }

    /** Adds a citation: the id figures refer to, and the text of the source. */
    public Builder source(String citationId, String text) {
      sources.put(citationId, text);
      return this;
    }

    public Builder notes(String value) {
      this.notes = value;
      return this;
    }

    /** Where it came from, for messages ({@code synthetic} by default). */
    public Builder origin(String value) {
      this.origin = value;
      return this;
    }

    public ModelProfile build() {
      return new ModelProfile(id, name, family, task, structure, published, sources, notes, origin);
    }
  }
}
