package dev.blueprint.edge.ota;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;

/** Write-new, fsync, rename: what survives a power cut is the old file or the new one. */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path file, byte[] content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = parent.resolve("." + file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
    move(temp, file);
  }

  /** Renames atomically, then syncs the folder so the rename itself is durable. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename " + from + " to " + to + " atomically on this file system", e);
    }
    syncFolder(to.toAbsolutePath().getParent());
  }

  /** Deletes a folder and everything in it (nothing when it does not exist). */
  public static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Makes a folder's entries durable (a no-op where the platform cannot open folders). */
  public static void syncFolder(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory as a channel; NTFS journals the rename itself.
    }
  }
}
