package dev.blueprint.simulator.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Lists and reads the text files of a classpath folder or of a folder on disk. */
public final class TextFiles {
  private TextFiles() {}

  /**
   * Every file ending in {@code suffix} directly inside the classpath folder {@code folder}, on
   * every classpath entry that has it (a jar or a directory), sorted by name.
   */
  public static List<TextFile> classpathFolder(String folder, String suffix, ClassLoader loader) {
    List<TextFile> files = new ArrayList<>();
    try {
      Enumeration<URL> roots = loader.getResources(folder);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        files.addAll(listUrl(root, folder, suffix, loader));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list classpath folder " + folder, e);
    }
    files.sort(Comparator.comparing(TextFile::origin));
    return files;
  }

  private static List<TextFile> listUrl(URL root, String folder, String suffix, ClassLoader loader)
      throws IOException {
    List<String> names = new ArrayList<>();
    try {
      URI uri = root.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        boolean opened = false;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
          opened = true;
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        try (Stream<Path> entries = Files.list(fs.getPath(folder))) {
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(suffix))
              .forEach(names::add);
        } finally {
          if (opened) {
            fs.close();
          }
        }
      } else {
        try (Stream<Path> entries = Files.list(Path.of(uri))) {
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(suffix))
              .forEach(names::add);
        }
      }
    } catch (URISyntaxException e) {
      throw new IOException("cannot read classpath folder " + root, e);
    }
    List<TextFile> files = new ArrayList<>();
    for (String name : names) {
      String resource = folder + "/" + name;
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in != null) {
          files.add(new TextFile(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
    }
    return files;
  }

  /**
   * Every file ending in {@code suffix} directly inside {@code folder}; empty if it does not exist.
   */
  public static List<TextFile> folder(Path folder, String suffix) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<TextFile> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path path : entries.sorted().toList()) {
        if (path.getFileName().toString().endsWith(suffix) && Files.isRegularFile(path)) {
          files.add(read(path));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    return files;
  }

  /** Reads one file as UTF-8. */
  public static TextFile read(Path path) {
    try {
      return new TextFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
