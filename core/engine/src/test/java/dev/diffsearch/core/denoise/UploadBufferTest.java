package dev.diffsearch.core.denoise;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class UploadBufferTest {

  @Test
  void uploadsHoldTheDataInShapeAndAnUploadAfterACloseReusesTheMemory() {
    UploadBuffer upload = new UploadBuffer();
    try (NDManager base = NDManager.newBaseManager()) {
      float[] first = {1, 2, 3, 4, 5, 6};
      try (NDManager step = base.newSubManager()) {
        NDArray a = upload.upload(step, first, new Shape(2, 3));
        assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
        assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(a.toFloatArray()).containsExactly(first);
        // the engine sees the data: an operation on the upload is exact
        assertThat(a.mul(2).sum().getFloat()).isEqualTo(42f);
      }
      float[] smaller = {7, 8};
      try (NDManager step = base.newSubManager()) {
        assertThat(upload.upload(step, smaller, new Shape(2)).toFloatArray()).containsExactly(smaller);
      }
      float[] larger = new float[1000];
      for (int i = 0; i < larger.length; i++) {
        larger[i] = i * 0.5f;
      }
      try (NDManager step = base.newSubManager()) {
        assertThat(upload.upload(step, larger, new Shape(10, 100)).toFloatArray()).containsExactly(larger);
      }
    }
  }

  @Test
  void anUploadSharesTheBufferUntilTheNextOneAsDocumented() {
    UploadBuffer upload = new UploadBuffer();
    try (NDManager base = NDManager.newBaseManager()) {
      NDArray a = upload.upload(base, new float[] {1, 1}, new Shape(2));
      NDArray copy = a.duplicate();
      upload.upload(base, new float[] {9, 9}, new Shape(2));
      // the contract the samplers rely on: the first array must be closed before the next upload
      assertThat(a.toFloatArray()).containsExactly(9, 9);
      assertThat(copy.toFloatArray()).containsExactly(1, 1);
    }
  }
}
