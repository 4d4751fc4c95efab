package dev.blueprint.edge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WisdmTest {
  static final Path SHIPPED = Path.of("../../models/edge/wisdm-mlp/heldout-users.csv");

  static final String HEADER =
      "UNIQUE_ID,user,X0,X1,X2,X3,X4,X5,X6,X7,X8,X9,Y0,Y1,Y2,Y3,Y4,Y5,Y6,Y7,Y8,Y9,"
          + "Z0,Z1,Z2,Z3,Z4,Z5,Z6,Z7,Z8,Z9,XAVG,YAVG,ZAVG,XPEAK,YPEAK,ZPEAK,XABSOLDEV,YABSOLDEV,ZABSOLDEV,"
          + "XSTANDDEV,YSTANDDEV,ZSTANDDEV,RESULTANT,class";

  /**
   * A row whose 43 features are {@code base + i / 100}, with {@code peak} in the three PEAK
   * columns.
   */
  static String row(int id, int user, double base, String peak, String activity) {
    StringBuilder b = new StringBuilder().append(id).append(',').append(user);
    for (int i = 0; i < 43; i++) {
      String v = (i >= 33 && i <= 35) ? peak : String.valueOf(base + i / 100.0);
      b.append(',').append(v);
    }
    return b.append(',').append(activity).toString();
  }

  static Wisdm read(String text) {
    return Wisdm.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.csv");
  }

  @Test
  void readsTheFortyThreeFeaturesTheLabelAndTheUser() {
    Wisdm w =
        read(
            HEADER
                + "\n"
                + row(1, 33, 1, "250", "Jogging")
                + "\n"
                + row(2, 7, 2, "1500", "Standing")
                + "\n");
    LabeledData d = w.data();
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.sampleShape().dims()).containsExactly(43);
    assertThat(d.labels()).containsExactly(1, 5);
    assertThat(w.users()).containsExactly(33, 7);
    float[] first = d.features(0, 1);
    assertThat(first[0]).isEqualTo(1f);
    assertThat(first[32]).isEqualTo(1.32f);
    assertThat(first[33]).isEqualTo(250f);
    assertThat(first[42]).isEqualTo(1.42f);
    assertThat(Wisdm.FEATURES).hasSize(43).startsWith("X0").endsWith("RESULTANT");
    assertThat(w.missingValues()).isZero();
  }

  @Test
  void aQuestionMarkIsReadAsTheMissingValueAndCounted() {
    Wisdm w =
        read(HEADER + "\n" + row(1, 3, 1, "?", "Sitting") + "\n" + row(2, 3, 1, "300", "Walking"));
    assertThat(w.missingValues()).isEqualTo(3);
    assertThat(w.data().features(0, 1)[33]).isEqualTo(Wisdm.MISSING_VALUE);
    assertThat(w.users(u -> true).missingValues()).isEqualTo(3);
  }

  @Test
  void aNonNumericFieldNamesFileLineColumnAndField() {
    String bad = row(2, 3, 1, "300", "Walking").replaceFirst(",1.03,", ",abc,");
    assertThatThrownBy(() -> read(HEADER + "\n" + row(1, 3, 1, "300", "Walking") + "\n" + bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "test.csv:3:6: field 'X3': expected a finite number or '?', got 'abc'");
  }

  @Test
  void everyProblemIsReportedTogether() {
    String text =
        HEADER
            + "\n"
            + row(1, 3, 1, "300", "Flying")
            + "\n"
            + "5,3,0.1\n"
            + row(3, 4, 1, "NaN", "Walking")
            + "\n"
            + row(4, 4, 1, "300", "Walking").replaceFirst("^4,4,", "4,x,");
    assertThatThrownBy(() -> read(text))
        .hasMessageContaining("6 problem(s)")
        .hasMessageContaining(
            "test.csv:2:46: field 'class': expected one of Walking, Jogging, Upstairs, Downstairs, "
                + "Sitting, Standing, got 'Flying'")
        .hasMessageContaining("test.csv:3: expected 46 fields as in the header, got 3")
        .hasMessageContaining("test.csv:4:36: field 'XPEAK'")
        .hasMessageContaining("test.csv:5:2: field 'user': expected a user id (integer), got 'x'");
  }

  @Test
  void aHeaderWithoutTheExpectedColumnsSaysWhichAreMissing() {
    assertThatThrownBy(() -> read(HEADER.replace("RESULTANT,", "") + "\n"))
        .hasMessageContaining("test.csv:1: missing column(s) RESULTANT");
    assertThatThrownBy(() -> read("")).hasMessageContaining("test.csv:1: the file is empty");
  }

  @Test
  void heldOutUsersNeverReachTraining() {
    Wisdm w =
        read(
            HEADER
                + "\n"
                + row(1, 5, 1, "300", "Walking")
                + "\n"
                + row(2, 6, 1, "300", "Jogging")
                + "\n"
                + row(3, 35, 1, "300", "Upstairs"));
    assertThat(w.heldOut().users()).containsExactly(5, 35);
    assertThat(w.training().users()).containsExactly(6);
    assertThat(w.training().data().labels()).containsExactly(1);
  }

  @Test
  void copyRowsKeepsTheOriginalLinesOfTheChosenUsers(@TempDir Path dir) throws IOException {
    String a = row(1, 5, 1, "?", "Walking");
    String b = row(2, 6, 1, "300", "Jogging");
    Path source = Files.writeString(dir.resolve("all.csv"), HEADER + "\n" + a + "\n" + b + "\n");
    int copied = Wisdm.copyRows(source, dir.resolve("five.csv"), u -> u == 5);
    assertThat(copied).isEqualTo(1);
    assertThat(Files.readAllLines(dir.resolve("five.csv"))).containsExactly(HEADER, a);
  }

  @Test
  void theShippedHeldOutFileHoldsExactlyTheHeldOutUsers() {
    Wisdm w = Wisdm.read(SHIPPED);
    assertThat(w.userSet()).containsExactlyElementsOf(List.of(5, 10, 15, 20, 25, 30, 35));
    assertThat(w.data().size()).isEqualTo(1041);
    assertThat(w.data().classCounts()).doesNotContain(0).hasSize(6);
    assertThat(w.missingValues()).isPositive();
  }
}
