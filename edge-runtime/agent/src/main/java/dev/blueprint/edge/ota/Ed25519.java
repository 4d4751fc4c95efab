package dev.blueprint.edge.ota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 with the JDK's own provider: key generation, signing, verification, and key files in PEM
 * (PKCS#8 private, SubjectPublicKeyInfo public), so {@code openssl pkey} reads them too.
 */
public final class Ed25519 {
  private Ed25519() {}

  /** A private key with the id of its public half. */
  public record SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {}

  public static SigningKey generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new SigningKey(keyId(pair.getPublic()), pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519 (JDK 15+ has it built in)", e);
    }
  }

  /** The first 16 bytes of the SHA-256 of the public key's encoding, in hex. */
  public static String keyId(PublicKey key) {
    return HexFormat.of().formatHex(sha256(key.getEncoded()), 0, 16);
  }

  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  public static PublicKey publicKey(byte[] spki) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  public static PublicKey publicKey(String base64) {
    try {
      return publicKey(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  public static String encode(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Writes {@code NAME.key} (owner-only where the file system allows) and {@code NAME.pub}. */
  public static void write(SigningKey key, Path folder, String name) throws IOException {
    Files.createDirectories(folder);
    writeAtomically(
        folder.resolve(name + ".key"), pem("PRIVATE KEY", key.privateKey().getEncoded()), true);
    writeAtomically(
        folder.resolve(name + ".pub"), pem("PUBLIC KEY", key.publicKey().getEncoded()), false);
  }

  public static SigningKey readPrivate(Path file) throws IOException {
    byte[] der = unpem(file, "PRIVATE KEY");
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
      // The JDK writes Ed25519 PKCS#8 keys without their public half, so the .pub file beside
      // the key supplies it, and a signature round trip proves the two belong together.
      Path pub =
          file.resolveSibling(file.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
      if (!Files.exists(pub)) {
        throw new IOException(
            file + ": the public half " + pub.getFileName() + " must sit beside the private key");
      }
      PublicKey publicKey = readPublic(pub);
      byte[] probe = "blueprint key pair check".getBytes(StandardCharsets.US_ASCII);
      if (!verify(publicKey, probe, sign(priv, probe))) {
        throw new IOException(
            file + ": " + pub.getFileName() + " is not the public half of this private key");
      }
      return new SigningKey(keyId(publicKey), priv, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not an Ed25519 private key (" + e.getMessage() + ")", e);
    }
  }

  public static PublicKey readPublic(Path file) throws IOException {
    try {
      return publicKey(unpem(file, "PUBLIC KEY"));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static byte[] unpem(Path file, String label) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IOException(file + ": expected a PEM block '" + begin + "'");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": the PEM block is not valid base64", e);
    }
  }

  /** Sibling temp file, fsync, rename: a reader sees the old file or the new one, never half. */
  static void writeAtomically(Path file, String text, boolean ownerOnly) throws IOException {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.US_ASCII));
    if (ownerOnly) {
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: its own ACLs apply.
      }
    }
  }
}
