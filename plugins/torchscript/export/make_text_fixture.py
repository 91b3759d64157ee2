"""Writes the torchscript plugin's text-conditioning test fixtures, so that CI needs no Python.

    PYTHONHASHSEED=0 /usr/bin/python3 make_text_fixture.py

Needs torch (Debian: apt-get install python3-torch, which belongs to /usr/bin/python3); no `tokenizers`
package: the word-level tokenizer.json is written as plain JSON and tokenized here by the same rules
(lowercase, split on \\w+ and runs of punctuation, unknown words -> [UNK], [BOS] ... [EOS], truncated and
padded with id 0 to MAX_LENGTH). Run it as a file: TorchScript reads the modules' source.

Outputs, in ../src/test/resources/:
  text-denoiser.pt       a tiny text-conditioned network in the plugin's text contract:
                         forward(x [B,3,8,8] f32, noise_level [B] f32, text [B,L,D] f32, text_mask [B,L] i64)
                           -> [B,3,8,8] f32   (L = 8, D = 8; one cross-attention from pixels to tokens)
  text-encoder.pt        a tiny text encoder: forward(input_ids [B,L] i64, attention_mask [B,L] i64) -> [B,L,D] f32
  tokenizer.json         a Hugging Face word-level tokenizer (vocabulary below)
  text-embeddings.npy    the encoder's output for PROMPTS, float32 [P, L, D] (precomputed-embeddings mode)
  text-mask.npy          their attention masks, float32 [P, L] (1 = token, 0 = padding)
  text-prompts.jsonl     line r: {"prompt": ...}, the prompt of row r of the two .npy files
  text-expected.json     the prompts' token ids and masks, and inputs with the outputs torch computed for them
  text-wrong-shape.pt    a text denoiser that breaks the contract: returns 2C channels
  pooled-encoder.pt      a text encoder that breaks the contract: returns one pooled vector [B, D] per prompt
"""

import json
import os
import re

import numpy as np
import torch
from torch import nn

CHANNELS, SIZE, HIDDEN, WIDTH, MAX_LENGTH = 3, 8, 8, 8, 8
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources")

SPECIAL = ["[PAD]", "[UNK]", "[BOS]", "[EOS]"]
WORDS = ["a", "an", "the", "red", "blue", "green", "yellow", "circle", "square", "triangle", "star", "left",
         "right", "of", "to", "above", "below", "two", "small", "large", ","]
VOCAB = {token: i for i, token in enumerate(SPECIAL + WORDS)}
PAD, UNK, BOS, EOS = 0, 1, 2, 3

# The empty prompt is guidance's null condition; "A Red..." checks lower-casing, "zebra" the unknown word,
# the last one truncation (11 words, 8 positions with [BOS] and [EOS]).
PROMPTS = [
    "",
    "a red circle to the left of a blue square",
    "two green triangles",
    "A Red circle , a zebra",
    "a small yellow star above a large blue circle below a green square",
]


def tokenize(text):
    words = re.findall(r"\w+|[^\w\s]+", text.lower())
    ids = [BOS] + [VOCAB.get(w, UNK) for w in words][: MAX_LENGTH - 2] + [EOS]
    mask = [1] * len(ids) + [0] * (MAX_LENGTH - len(ids))
    return ids + [PAD] * (MAX_LENGTH - len(ids)), mask


def tokenizer_json():
    def special(token):
        return {"id": VOCAB[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True}

    def template(*pieces):
        return [{"SpecialToken": {"id": p, "type_id": 0}} if p.startswith("[") else {"Sequence": {"id": p, "type_id": 0}}
                for p in pieces]

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(t) for t in SPECIAL],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": template("[BOS]", "A", "[EOS]"),
            "pair": template("[BOS]", "A", "[EOS]", "B", "[EOS]"),
            "special_tokens": {t: {"id": t, "ids": [VOCAB[t]], "tokens": [t]} for t in ("[BOS]", "[EOS]")},
        },
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": VOCAB, "unk_token": "[UNK]"},
    }


class TinyTextEncoder(nn.Module):
    """Token and position embeddings, a projection, and the masked mean of the sequence added to each token."""

    def __init__(self):
        super().__init__()
        self.token = nn.Embedding(len(VOCAB), WIDTH)
        self.position = nn.Parameter(torch.zeros(MAX_LENGTH, WIDTH))
        self.proj = nn.Linear(WIDTH, WIDTH)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        h = torch.tanh(self.proj(self.token(input_ids) + self.position[: input_ids.shape[1]]))
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        context = (h * m).sum(1, keepdim=True) / m.sum(1, keepdim=True).clamp(min=1.0)
        return (h + context) * m


class TinyTextDenoiser(nn.Module):
    """A convolution, one cross-attention from each pixel to the prompt's tokens (padding masked), a convolution."""

    def __init__(self):
        super().__init__()
        self.scale = 1.0 / HIDDEN ** 0.5
        self.level_embed = nn.Linear(1, HIDDEN)
        self.conv_in = nn.Conv2d(CHANNELS, HIDDEN, 3, padding=1)
        self.to_k = nn.Linear(WIDTH, HIDDEN)
        self.to_v = nn.Linear(WIDTH, HIDDEN)
        self.conv_out = nn.Conv2d(HIDDEN, CHANNELS, 3, padding=1)

    def forward(self, x: torch.Tensor, noise_level: torch.Tensor, text: torch.Tensor,
                text_mask: torch.Tensor) -> torch.Tensor:
        # log1p keeps σ (up to ~80), t in [0, 1) and DDPM timesteps (up to 999) in a sane range
        h = self.conv_in(x) + self.level_embed(torch.log1p(noise_level).unsqueeze(1))[:, :, None, None]
        b, c, height, width = h.shape
        q = h.flatten(2).transpose(1, 2)                                   # [B, HW, HIDDEN]
        scores = q @ self.to_k(text).transpose(1, 2) * self.scale          # [B, HW, L]
        scores = scores.masked_fill(text_mask.unsqueeze(1) == 0, -1e9)
        attended = torch.softmax(scores, dim=-1) @ self.to_v(text)         # [B, HW, HIDDEN]
        h = h + attended.transpose(1, 2).reshape(b, c, height, width)
        return self.conv_out(torch.tanh(h))


class TextWrongShape(nn.Module):
    """Returns [B, 2C, H, W]: what an un-wrapped network with a learned-σ head gives."""

    def forward(self, x: torch.Tensor, noise_level: torch.Tensor, text: torch.Tensor,
                text_mask: torch.Tensor) -> torch.Tensor:
        return torch.cat([x, x], dim=1)


class PooledEncoder(nn.Module):
    """Returns [B, D], the mean token embedding: a pooled output where the contract wants the tokens."""

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return input_ids.to(torch.float32).unsqueeze(-1).expand(-1, -1, 4).mean(dim=1)


def randomize(model):
    with torch.no_grad():  # larger than default init, so every input visibly matters
        for p in model.parameters():
            p.copy_(torch.randn_like(p) * 0.5)
    return model.eval()


def write_json(path, entries):
    with open(path, "w") as f:
        f.write("{\n" + ",\n".join(" %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in entries.items()) + "\n}\n")


def main():
    torch.manual_seed(20251201)
    encoder = randomize(TinyTextEncoder())
    denoiser = randomize(TinyTextDenoiser())
    scripted_encoder = torch.jit.script(encoder)
    scripted_denoiser = torch.jit.script(denoiser)
    scripted_encoder.save(os.path.join(OUT, "text-encoder.pt"))
    scripted_denoiser.save(os.path.join(OUT, "text-denoiser.pt"))
    torch.jit.script(TextWrongShape().eval()).save(os.path.join(OUT, "text-wrong-shape.pt"))
    torch.jit.script(PooledEncoder().eval()).save(os.path.join(OUT, "pooled-encoder.pt"))
    with open(os.path.join(OUT, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(), f, indent=1)
        f.write("\n")

    tokens = [tokenize(p) for p in PROMPTS]
    ids = torch.tensor([t[0] for t in tokens], dtype=torch.int64)
    mask = torch.tensor([t[1] for t in tokens], dtype=torch.int64)
    with torch.no_grad():
        embeddings = scripted_encoder(ids, mask)
        assert torch.allclose(embeddings, encoder(ids, mask)), "scripted and eager encoders differ"
    np.save(os.path.join(OUT, "text-embeddings.npy"), embeddings.numpy().astype("<f4"))
    np.save(os.path.join(OUT, "text-mask.npy"), mask.numpy().astype("<f4"))
    with open(os.path.join(OUT, "text-prompts.jsonl"), "w") as f:
        for p in PROMPTS:
            f.write(json.dumps({"prompt": p}) + "\n")

    x = torch.randn(4, CHANNELS, SIZE, SIZE)
    noise_level = torch.tensor([0.05, 0.7, 3.0, 42.0])
    rows = torch.tensor([1, 2, 0, 3])  # prompt of each row; row 2 is the empty prompt
    with torch.no_grad():
        y = scripted_denoiser(x, noise_level, embeddings[rows], mask[rows])
        assert torch.allclose(y, denoiser(x, noise_level, embeddings[rows], mask[rows])), "scripted and eager differ"
        # the same x and level with another prompt gives another output
        assert not torch.allclose(y[0], scripted_denoiser(x[:1], noise_level[:1], embeddings[2:3], mask[2:3])[0])

    write_json(os.path.join(OUT, "text-expected.json"), {
        "torch": torch.__version__,
        "sample-shape": [CHANNELS, SIZE, SIZE],
        "max-length": MAX_LENGTH,
        "width": WIDTH,
        "prompts": PROMPTS,
        "ids": ids.tolist(),
        "mask": mask.tolist(),
        "x": x.flatten().tolist(),
        "noise-level": noise_level.tolist(),
        "rows": rows.tolist(),
        "output": y.flatten().tolist(),
    })


if __name__ == "__main__":
    main()
