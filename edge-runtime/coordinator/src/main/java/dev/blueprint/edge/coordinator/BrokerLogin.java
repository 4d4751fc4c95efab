package dev.blueprint.edge.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user name and password for a broker with authentication, from a command's {@code
 * --username-password USER:PASSWORD-FILE} (the password is read from the file, so it never sits in
 * a shell's history). Without the option both are null: an anonymous broker.
 */
record BrokerLogin(String user, String password) {
  static final BrokerLogin ANONYMOUS = new BrokerLogin(null, null);

  /**
   * @param option the option's value, or null when it was not given
   * @throws IllegalArgumentException if it is not USER:PASSWORD-FILE
   */
  static BrokerLogin parse(String option) throws IOException {
    if (option == null) {
      return ANONYMOUS;
    }
    int colon = option.indexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("--username-password must be USER:PASSWORD-FILE");
    }
    return new BrokerLogin(
        option.substring(0, colon), Files.readString(Path.of(option.substring(colon + 1))).trim());
  }
}
