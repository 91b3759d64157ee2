"""Writes the torchscript plugin's test fixtures, so that CI needs no Python.

    PYTHONHASHSEED=0 /usr/bin/python3 make_fixture.py

Needs torch (Debian: apt-get install python3-torch, which belongs to /usr/bin/python3). Run it as a file:
TorchScript reads the module's source. PYTHONHASHSEED=0 makes the .pt files byte-identical across runs
(TorchScript writes a module's constants in set order); the values are the same either way.

Outputs, in ../src/test/resources/:
  fixture.pt             a tiny class-conditional network in the plugin's contract:
                         forward(x [B,3,8,8] f32, noise_level [B] f32, labels [B] i64) -> [B,3,8,8] f32
                         (4 classes; label -1 is the null class, embedded as index 4)
  fixture-expected.json  inputs and the outputs this script computed with them
  wrong-shape.pt         a module that breaks the contract: returns 2C channels (like DiT's learned-σ head)
  state-dict.pt          the fixture's weights saved with torch.save: a common mistake, not TorchScript
"""

import json
import os

import torch
from torch import nn

CHANNELS, SIZE, NUM_CLASSES, HIDDEN = 3, 8, 4, 8
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources")


class TinyDenoiser(nn.Module):
    """Two convolutions; the class and the noise level shift the hidden features."""

    def __init__(self):
        super().__init__()
        self.num_classes = NUM_CLASSES
        self.class_embed = nn.Embedding(NUM_CLASSES + 1, HIDDEN)  # row NUM_CLASSES: unconditional
        self.level_embed = nn.Linear(1, HIDDEN)
        self.conv_in = nn.Conv2d(CHANNELS, HIDDEN, 3, padding=1)
        self.conv_out = nn.Conv2d(HIDDEN, CHANNELS, 3, padding=1)

    def forward(self, x: torch.Tensor, noise_level: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        # -1 (the engine's "unconditional") -> the extra null class
        labels = torch.where(labels < 0, torch.full_like(labels, self.num_classes), labels)
        # log1p keeps σ (up to ~80), t in [0, 1) and DDPM timesteps (up to 999) in a sane range
        cond = self.class_embed(labels) + self.level_embed(torch.log1p(noise_level).unsqueeze(1))
        h = torch.tanh(self.conv_in(x) + cond[:, :, None, None])
        return self.conv_out(h)


class WrongShape(nn.Module):
    """Returns [B, 2C, H, W]: what an un-wrapped DiT with learn_sigma gives."""

    def forward(self, x: torch.Tensor, noise_level: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return torch.cat([x, x], dim=1)


def main():
    torch.manual_seed(20240517)
    model = TinyDenoiser().eval()
    with torch.no_grad():
        for p in model.parameters():  # larger than default init, so every input visibly matters
            p.copy_(torch.randn_like(p) * 0.5)
    scripted = torch.jit.script(model)
    scripted.save(os.path.join(OUT, "fixture.pt"))
    torch.jit.script(WrongShape().eval()).save(os.path.join(OUT, "wrong-shape.pt"))
    torch.save(model.state_dict(), os.path.join(OUT, "state-dict.pt"))

    x = torch.randn(4, CHANNELS, SIZE, SIZE)
    noise_level = torch.tensor([0.05, 0.7, 3.0, 42.0])
    labels = torch.tensor([0, 3, -1, 2], dtype=torch.int64)
    with torch.no_grad():
        y = scripted(x, noise_level, labels)
        y_eager = model(x, noise_level, labels)
    assert torch.allclose(y, y_eager), "scripted and eager outputs differ"

    expected = {
        "torch": torch.__version__,
        "sample-shape": [CHANNELS, SIZE, SIZE],
        "num-classes": NUM_CLASSES,
        "x": x.flatten().tolist(),
        "noise-level": noise_level.tolist(),
        "labels": labels.tolist(),
        "output": y.flatten().tolist(),
    }
    with open(os.path.join(OUT, "fixture-expected.json"), "w") as f:
        f.write("{\n" + ",\n".join(" %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in expected.items()) + "\n}\n")


if __name__ == "__main__":
    main()
