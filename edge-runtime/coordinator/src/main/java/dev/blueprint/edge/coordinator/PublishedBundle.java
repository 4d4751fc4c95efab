package dev.blueprint.edge.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.agent.Topics;
import dev.blueprint.edge.ota.AtomicFiles;
import dev.blueprint.edge.ota.BundleArchive;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.Manifest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A bundle the coordinator serves: its signed metadata, and its payload extracted (and checked
 * against the manifest's hashes) so chunks are read straight from the files.
 */
public final class PublishedBundle {
  private final BundleArchive.Metadata metadata;
  private final Manifest manifest;
  private final Path payload;

  private PublishedBundle(BundleArchive.Metadata metadata, Manifest manifest, Path payload) {
    this.metadata = metadata;
    this.manifest = manifest;
    this.payload = payload;
  }

  /**
   * Extracts {@code bpb} under {@code work}; the coordinator checks hashes, devices check
   * signatures too.
   */
  public static PublishedBundle open(Path bpb, Path work) throws IOException {
    BundleArchive.Metadata md = BundleArchive.readMetadata(bpb);
    Manifest m = Manifest.parse(md.manifest().payload(), bpb.getFileName() + ": manifest.json");
    Path folder = work.resolve(m.name() + "-" + m.counter());
    AtomicFiles.deleteTree(folder);
    BundleArchive.extract(bpb, x -> m, folder);
    return new PublishedBundle(md, m, folder);
  }

  public Manifest manifest() {
    return manifest;
  }

  public String name() {
    return manifest.name();
  }

  public long counter() {
    return manifest.counter();
  }

  /** The bytes of one chunk of one file, as the manifest slices it. */
  public byte[] chunk(int file, int chunk) throws IOException {
    Manifest.FileEntry f = manifest.files().get(file);
    long offset = (long) chunk * manifest.chunkSize();
    int length = (int) Math.min(manifest.chunkSize(), f.size() - offset);
    byte[] data = new byte[Math.max(0, length)];
    try (RandomAccessFile in = new RandomAccessFile(payload.resolve(f.path()).toFile(), "r")) {
      in.seek(offset);
      in.readFully(data);
    }
    return data;
  }

  /** The offer message of docs/mqtt-contract.md. */
  public byte[] offer(String rollout) {
    ObjectNode o =
        new ObjectMapper()
            .createObjectNode()
            .put("contract", Topics.CONTRACT)
            .put("rollout", rollout)
            .put("bundle", manifest.name())
            .put("version", manifest.version())
            .put("counter", manifest.counter());
    ArrayNode roots = o.putArray("roots");
    for (Envelope r : metadata.roots()) {
      roots.add(Base64.getEncoder().encodeToString(r.toJson()));
    }
    if (metadata.keys() != null) {
      o.put("keys", Base64.getEncoder().encodeToString(metadata.keys().toJson()));
    }
    o.put("manifest", Base64.getEncoder().encodeToString(metadata.manifest().toJson()));
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }
}
