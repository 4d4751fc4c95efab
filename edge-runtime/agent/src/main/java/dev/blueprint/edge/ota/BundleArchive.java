package dev.blueprint.edge.ota;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A bundle as one file ({@code .bpb}, a zip): {@code manifest.json}, {@code keys.json} and any
 * {@code root-N.json} as signed envelopes, and the payload under {@code payload/}. Reading never
 * trusts the zip's own sizes or names: every entry is bounded and checked against the signed
 * manifest.
 */
public final class BundleArchive {
  private BundleArchive() {}

  static final String MANIFEST = "manifest.json";
  static final String KEYS = "keys.json";
  static final String PAYLOAD = "payload/";

  /** The largest metadata entry read (a 4 GiB bundle's chunk hashes fit many times over). */
  static final int MAX_METADATA_BYTES = 8 << 20;

  /** The signed metadata of a bundle. */
  public record Metadata(List<Envelope> roots, Envelope keys, Envelope manifest) {
    public Metadata {
      roots = List.copyOf(roots);
    }

    public Metadata withManifest(Envelope m) {
      return new Metadata(roots, keys, m);
    }
  }

  /** Writes the archive via a sibling temp file and a rename. */
  public static void write(Path out, Metadata metadata, Map<String, Path> payload)
      throws IOException {
    Path temp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp");
    try (OutputStream file = Files.newOutputStream(temp);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      put(zip, MANIFEST, metadata.manifest().toJson());
      if (metadata.keys() != null) {
        put(zip, KEYS, metadata.keys().toJson());
      }
      for (Envelope root : metadata.roots()) {
        long version = RootMetadata.parse(root.payload(), "root").version();
        put(zip, "root-" + version + ".json", root.toJson());
      }
      for (Map.Entry<String, Path> e : new TreeMap<>(payload).entrySet()) {
        BundlePaths.check(e.getKey(), "payload");
        zip.putNextEntry(new ZipEntry(PAYLOAD + e.getKey()));
        Files.copy(e.getValue(), zip);
        zip.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    AtomicFiles.move(temp, out);
  }

  /**
   * Replaces the metadata of {@code archive} (signing it, say), copying the payload entries as they
   * are.
   */
  public static void rewriteMetadata(Path archive, Metadata metadata) throws IOException {
    Path temp = archive.toAbsolutePath().resolveSibling("." + archive.getFileName() + ".new");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive));
        OutputStream file = Files.newOutputStream(temp);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      put(zip, MANIFEST, metadata.manifest().toJson());
      if (metadata.keys() != null) {
        put(zip, KEYS, metadata.keys().toJson());
      }
      for (Envelope root : metadata.roots()) {
        put(
            zip,
            "root-" + RootMetadata.parse(root.payload(), "root").version() + ".json",
            root.toJson());
      }
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().startsWith(PAYLOAD)) {
          zip.putNextEntry(new ZipEntry(e.getName()));
          in.transferTo(zip);
          zip.closeEntry();
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    AtomicFiles.move(temp, archive);
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** Reads only the signed metadata (the payload is skipped). */
  public static Metadata readMetadata(Path archive) throws IOException {
    return read(archive, null, null);
  }

  /**
   * Reads the metadata, lets {@code accept} decide (it throws a {@link Rejection} to refuse), then
   * writes every payload file under {@code target} checked against the accepted manifest. On any
   * rejection, nothing is left under {@code target}.
   */
  public static Metadata extract(Path archive, Function<Metadata, Manifest> accept, Path target)
      throws IOException {
    if (Files.exists(target)) {
      try (var entries = Files.list(target)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              target + " must be a new or empty folder: a refused bundle deletes it");
        }
      }
    }
    return read(archive, accept, target);
  }

  private static Metadata read(Path archive, Function<Metadata, Manifest> accept, Path target)
      throws IOException {
    String source = archive.getFileName().toString();
    // Pass 1: metadata only, so nothing of the payload is written before the manifest is accepted.
    Map<Long, Envelope> roots = new TreeMap<>();
    Envelope keys = null;
    Envelope manifest = null;
    Set<String> names = new HashSet<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        String name = e.getName();
        if (!names.add(name)) {
          throw new Rejection(
              Rejection.Reason.BAD_PATH, source + ": entry " + name + " appears twice");
        }
        if (name.startsWith(PAYLOAD)) {
          continue;
        }
        byte[] bytes = bounded(zip, source + ": " + name);
        if (name.equals(MANIFEST)) {
          manifest = Envelope.parse(bytes, source + ": " + name, Manifest.TYPE);
        } else if (name.equals(KEYS)) {
          keys = Envelope.parse(bytes, source + ": " + name, KeysMetadata.TYPE);
        } else if (name.matches("root-[0-9]{1,9}\\.json")) {
          roots.put(
              Long.parseLong(name.substring(5, name.length() - 5)),
              Envelope.parse(bytes, source + ": " + name, RootMetadata.TYPE));
        } else {
          throw new Rejection(
              Rejection.Reason.BAD_PATH, source + ": unexpected entry '" + name + "'");
        }
      }
    } catch (ZipException | EOFException e) {
      throw new Rejection(
          Rejection.Reason.PARTIAL,
          source + ": not a complete bundle archive (" + e.getMessage() + ")");
    }
    if (manifest == null) {
      throw new Rejection(Rejection.Reason.PARTIAL, source + ": no " + MANIFEST);
    }
    Metadata metadata = new Metadata(new ArrayList<>(roots.values()), keys, manifest);
    if (accept == null) {
      return metadata;
    }
    Manifest accepted = accept.apply(metadata);
    extractPayload(archive, source, accepted, target);
    return metadata;
  }

  private static void extractPayload(Path archive, String source, Manifest manifest, Path target)
      throws IOException {
    Set<String> done = new HashSet<>();
    boolean ok = false;
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (!e.getName().startsWith(PAYLOAD)) {
          continue;
        }
        String path = e.getName().substring(PAYLOAD.length());
        String why = BundlePaths.why(path);
        if (why != null) {
          throw new Rejection(
              Rejection.Reason.BAD_PATH, source + ": entry '" + e.getName() + "' " + why);
        }
        Manifest.FileEntry file = manifest.file(path);
        if (file == null) {
          throw new Rejection(
              Rejection.Reason.BAD_PATH,
              source
                  + ": entry '"
                  + path
                  + "' is not in the manifest (mixed from another release?)");
        }
        PayloadWriter.write(manifest, file, zip, target.resolve(path));
        done.add(path);
      }
      for (Manifest.FileEntry f : manifest.files()) {
        if (!done.contains(f.path())) {
          throw new Rejection(Rejection.Reason.PARTIAL, source + ": " + f.path() + " is missing");
        }
      }
      ok = true;
    } catch (ZipException | EOFException e) {
      throw new Rejection(
          Rejection.Reason.PARTIAL, source + ": the archive ends early (" + e.getMessage() + ")");
    } finally {
      if (!ok) {
        AtomicFiles.deleteTree(target);
      }
    }
  }

  private static byte[] bounded(InputStream in, String where) throws IOException {
    byte[] bytes = in.readNBytes(MAX_METADATA_BYTES + 1);
    if (bytes.length > MAX_METADATA_BYTES) {
      throw new Rejection(
          Rejection.Reason.ENDLESS_DATA,
          where + ": metadata larger than " + MAX_METADATA_BYTES + " bytes");
    }
    return bytes;
  }
}
