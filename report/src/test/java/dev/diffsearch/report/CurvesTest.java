package dev.diffsearch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.diffsearch.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.csv as lines over compute: grouping, seeds, x, Pearson's r, against values worked out by hand. */
class CurvesTest {

  @TempDir Path dir;

  private Table table(String csv) throws IOException {
    Path file = dir.resolve("results.csv");
    Files.writeString(file, csv);
    return Table.read(file);
  }

  static final String HEADER = "condition,point.line,point.candidates,seed,model,outputs,nfe-budget,search-nfe,"
      + "final-nfe,search-nfe-per-output,wall-s,cpu-s,verifier-mean,fid,outputs2\n";

  @Test
  void bundleLinesAreLinesTheirNumbersAndTheSeedsAreNot() throws IOException {
    Table t = table(HEADER
        + "c0,search,1,0,m,10,19,190,350,19.0,1,1,5.0,40,1\n"
        + "c1,search,1,1,m,10,19,190,350,19.0,1,1,5.0,44,1\n"
        + "c2,search,4,0,m,10,76,760,350,76.0,1,1,6.0,30,1\n"
        + "c3,search,4,1,m,10,76,760,350,76.0,1,1,6.0,34,1\n"
        + "c4,steps,5,0,m,10,1,10,90,1.0,1,1,1.0,60,1\n"
        + "c5,steps,5,1,m,10,1,10,90,1.0,1,1,1.0,,1\n");
    assertThat(t.axes()).containsExactly("point.line", "point.candidates", "seed");
    assertThat(t.metrics()).containsExactly("fid", "outputs2");
    assertThat(Curves.lineAxes(t)).containsExactly("point.line");
    List<Curves.Line> lines = Curves.of(t, "fid");
    assertThat(lines).extracting(Curves.Line::name).containsExactly("search", "steps");
    List<Curves.Point> search = lines.get(0).points();
    assertThat(search).hasSize(2);
    // x: 19 search NFE per output + 350 / 10 final = 54; mean of 40 and 44 = 42, sample std = 2.828...
    assertThat(search.get(0).x()).isEqualTo(54.0);
    assertThat(search.get(0).mean()).isEqualTo(42.0);
    assertThat(search.get(0).std()).isCloseTo(Math.sqrt(8), within(1e-12));
    assertThat(search.get(0).seeds()).isEqualTo(2);
    assertThat(search.get(1).x()).isEqualTo(111.0);
    // a blank metric is left out, not read as zero
    assertThat(lines.get(1).points()).singleElement()
        .satisfies(p -> assertThat(p.mean()).isEqualTo(60.0))
        .satisfies(p -> assertThat(p.seeds()).isEqualTo(1))
        .satisfies(p -> assertThat(p.std()).isZero());
  }

  @Test
  void modelsThatDifferInMacsPerNfeAreComparedInMacs() throws IOException {
    String header = "condition,model.variant,search.nfe,model,outputs,nfe-budget,search-nfe,final-nfe,"
        + "search-nfe-per-output,gmac-per-output,wall-s,cpu-s,verifier-mean,fid\n";
    // s: 0.02 GMAC per NFE, l: 0.08; 19 + 350 / 10 = 54 NFE per output -> 1.08 and 4.32 GMAC per output
    Table t = table(header
        + "c0,s,19,m,10,19,190,350,19.0,1.08,1,1,5.0,40\n"
        + "c1,l,19,m,10,19,190,350,19.0,4.32,1,1,5.0,30\n");
    assertThat(Curves.Compute.of(t)).isEqualTo(Curves.Compute.GMAC);
    assertThat(Curves.of(t, "fid")).extracting(l -> l.points().get(0).x()).containsExactly(1.08, 4.32);
    // one model (equal MACs per NFE), or a row that does not know its MACs: NFE compares compute
    Table same = table(header
        + "c0,s,19,m,10,19,190,350,19.0,1.08,1,1,5.0,40\n"
        + "c1,s,38,m,10,38,380,350,38.0,1.46,1,1,5.0,30\n");
    assertThat(Curves.Compute.of(same)).isEqualTo(Curves.Compute.NFE);
    assertThat(Curves.of(same, "fid").get(0).points()).extracting(Curves.Point::x).containsExactly(54.0, 73.0);
    Table unknown = table(header
        + "c0,s,19,m,10,19,190,350,19.0,1.08,1,1,5.0,40\n"
        + "c1,l,19,m,10,19,190,350,19.0,,1,1,5.0,30\n");
    assertThat(Curves.Compute.of(unknown)).isEqualTo(Curves.Compute.NFE);
  }

  @Test
  void configBlocksAreLinesAndSearchBudgetsAreNot() throws IOException {
    Table t = table("condition,verifier,search.nfe,sampler.search.steps,model.guidance,model,outputs,nfe-budget,"
        + "search-nfe,final-nfe,search-nfe-per-output,wall-s,cpu-s,verifier-mean,fid\n"
        + "c0,\"{\"\"name\"\":\"\"class-logit\"\"}\",19,10,1.5,m,1,19,19,35,19.0,1,1,1,1\n");
    assertThat(Curves.lineAxes(t)).containsExactly("verifier", "model.guidance");
    assertThat(Curves.name(t.rows().get(0), Curves.lineAxes(t))).isEqualTo("verifier=class-logit, model.guidance=1.5");
    assertThat(Curves.readable("{\"name\":\"zero-order\",\"neighbors\":4}")).isEqualTo("zero-order neighbors=4");
    assertThat(Curves.readable("{\"name\":\"ensemble\",\"members\":[{\"name\":\"class-logit\"},{\"name\":\"self-supervised\"}]}"))
        .isEqualTo("ensemble members=class-logit+self-supervised");
    assertThat(Curves.readable("{\"name\":\"ensemble\",\"members\":[{\"name\":\"a\",\"w\":2}]}"))
        .isEqualTo("ensemble members=[{\"name\":\"a\",\"w\":2}]");
  }

  @Test
  void pearsonsRIsTheTextbookValue() {
    assertThat(Curves.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 4, 6, 8})).isCloseTo(1.0, within(1e-12));
    assertThat(Curves.pearson(new double[] {1, 2, 3, 4}, new double[] {8, 6, 4, 2})).isCloseTo(-1.0, within(1e-12));
    // x = 1..5, y = 2,1,4,3,5: cov 2.0 / (sqrt(2.5) sqrt(2.5)) = 0.8
    assertThat(Curves.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5})).isCloseTo(0.8, within(1e-12));
    assertThat(Curves.pearson(new double[] {1, 2}, new double[] {1, 2})).isNaN();
    assertThat(Curves.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})).isNaN();
  }

  @Test
  void aFileThatIsNoResultsCsvIsOneLineNamingIt() throws IOException {
    assertThatThrownBy(() -> table("a,b\n1,2\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("results.csv").hasMessageContaining("is not a sweep's results.csv");
    assertThatThrownBy(() -> table(HEADER + "c0,search\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("results.csv:2").hasMessageContaining("has 2 cells, the header 15");
    assertThatThrownBy(() -> Table.read(dir.resolve("nope.csv"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no such file");
  }
}
