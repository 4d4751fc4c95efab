package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpdateEncodingTest {
  @ParameterizedTest
  @CsvSource(
      textBlock =
          """
          float32,          float32
          int8,             int8
          top-k:0.1,        top-k:0.1
          int8+top-k:0.10,  int8+top-k:0.1
          top-k:0.05+int8,  int8+top-k:0.05
          top-k:1,          top-k:1
          """)
  void readsEachWordAndWritesItBack(String word, String canonical) {
    UpdateEncoding e = UpdateEncoding.parse(word);
    assertThat(e.word()).isEqualTo(canonical);
    assertThat(UpdateEncoding.parse(e.word())).isEqualTo(e);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          float16        | unknown update encoding 'float16'; known: float32, int8, top-k:FRACTION
          top-k:0        | top-k fraction must be above 0 and at most 1, got 0
          top-k:1.5      | top-k fraction must be above 0 and at most 1, got 1.5
          top-k:NaN      | top-k fraction must be above 0 and at most 1, got NaN
          int8+top-k:ten | top-k fraction must be a number such as 0.1, got 'ten'
          top-k          | unknown update encoding 'top-k'
          """)
  void refusesBadWordsNamingThem(String word, String message) {
    assertThatThrownBy(() -> UpdateEncoding.parse(word))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
