package dev.diffsearch.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class EngineSetupTest {

  @Test
  void theEngineStartsOnceOfflineWithNnpackOff() {
    Engine engine = EngineSetup.start();
    assertThat(engine.getEngineName()).isEqualTo("PyTorch");
    assertThat(EngineSetup.start()).isSameAs(engine);
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    // read back from libtorch itself: at::globalContext().userEnabledNNPACK()
    assertThat(EngineSetup.nnpackEnabled()).contains(false);
  }
}
