"""Export a diffusion network to the contract of diffsearch's `torchscript` backend.

The contract (see ../README.md):

    forward(x: f32 [B, C, H, W], noise_level: f32 [B], labels: i64 [B]) -> f32 [B, C, H, W]

with label -1 meaning "unconditional" (the engine's classifier-free guidance sends such rows). Each
wrapper below adapts one family's call signature to it; the script traces the wrapper, saves it with
torch.jit.save, reloads it, checks it on a batch of another size against the eager model, and prints the
`model:` block for your pipeline YAML.

    python3 export_model.py sit  --repo ~/SiT --checkpoint SiT-XL-2-256x256.pt --model SiT-XL/2 --out sit.pt
    python3 export_model.py dit  --repo ~/DiT --checkpoint DiT-XL-2-256x256.pt --model DiT-XL/2 --out dit.pt
    python3 export_model.py unet --pretrained google/ddpm-cifar10-32 --out ddpm-cifar10.pt

Export on the CPU, in float32: a trace records devices, and diffsearch runs on the CPU. SiT and DiT work
in the SD-VAE latent space (4 x H/8 x W/8, scaled by 0.18215): diffsearch searches those latents, so use a
verifier that reads latents (or decodes them).
"""

import argparse
import sys

import torch
from torch import nn


def to_null_class(labels: torch.Tensor, null_class: int) -> torch.Tensor:
    """-1 (unconditional) -> the index of the class embedding trained as "no class"."""
    return torch.where(labels < 0, torch.full_like(labels, null_class), labels)


class SiTFlow(nn.Module):
    """SiT (Ma et al. 2024), linear interpolant, velocity prediction -> parameterization: flow, noise-input: t.

    SiT's time runs the other way: x_s = s*x0 + (1-s)*eps, velocity x0 - eps. diffsearch's flow is
    x_t = (1-t)*x0 + t*eps with velocity eps - x0; so s = 1 - t and v = -v_SiT.
    """

    def __init__(self, sit: nn.Module, num_classes: int):
        super().__init__()
        self.net = sit
        self.null_class = num_classes  # LabelEmbedder: index num_classes is the dropped label

    def forward(self, x: torch.Tensor, noise_level: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return -self.net(x, 1 - noise_level, to_null_class(labels, self.null_class))


class DiTEps(nn.Module):
    """DiT (Peebles and Xie 2023): ε-prediction on the linear DDPM schedule of 1000 steps ->
    parameterization: eps, noise-input: ddpm-timestep. With learn_sigma DiT returns [ε, variance]: keep ε."""

    def __init__(self, dit: nn.Module, num_classes: int):
        super().__init__()
        self.net = dit
        self.null_class = num_classes

    def forward(self, x: torch.Tensor, noise_level: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        out = self.net(x, noise_level, to_null_class(labels, self.null_class))
        return out[:, : x.shape[1]]


class DiffusersUNetEps(nn.Module):
    """A diffusers UNet2DModel with prediction_type "epsilon" -> parameterization: eps,
    noise-input: ddpm-timestep (match timesteps and beta-schedule to its scheduler config).

    null_class: the class index it was trained with as "no class", or None for an unconditional UNet. A
    class-conditional UNet without one cannot be guided: export it with --null-class 0 and keep guidance 1.
    """

    def __init__(self, unet: nn.Module, null_class):
        super().__init__()
        self.net = unet
        self.conditional = unet.config.num_class_embeds is not None
        self.null_class = 0 if null_class is None else null_class

    def forward(self, x: torch.Tensor, noise_level: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        classes = to_null_class(labels, self.null_class) if self.conditional else None
        out = self.net(x, noise_level, class_labels=classes, return_dict=False)[0]
        return out[:, : x.shape[1]]  # "learned_range" variance heads return 2C channels


def load_sit_or_dit(kind, args):
    """The SiT or DiT model of its own repository (models.py), with the EMA weights of a checkpoint."""
    sys.path.insert(0, args.repo)
    import models  # the SiT/DiT repository's models.py

    table = models.SiT_models if kind == "sit" else models.DiT_models
    net = table[args.model](input_size=args.image_size // 8, num_classes=args.num_classes)
    state = torch.load(args.checkpoint, map_location="cpu")
    net.load_state_dict(state["ema"] if "ema" in state else state)  # training checkpoints hold "ema"
    wrapper = SiTFlow(net, args.num_classes) if kind == "sit" else DiTEps(net, args.num_classes)
    return wrapper, [net.in_channels, args.image_size // 8, args.image_size // 8], args.num_classes


def load_unet(args):
    from diffusers import UNet2DModel

    unet = UNet2DModel.from_pretrained(args.pretrained)
    size = unet.config.sample_size
    size = [size, size] if isinstance(size, int) else list(size)
    num_classes = unet.config.num_class_embeds
    if num_classes is not None and args.null_class is not None and args.null_class == num_classes - 1:
        num_classes -= 1  # the last embedding is the null class, not a class to generate
    return DiffusersUNetEps(unet, args.null_class), [unet.config.in_channels] + size, num_classes


def export(wrapper, sample_shape, out, levels):
    """Traces the wrapper at batch 2, saves it, and checks the saved module at batch 3 against eager."""
    wrapper = wrapper.eval().float()
    x = torch.randn(2, *sample_shape)
    labels = torch.tensor([0, -1])
    with torch.no_grad():
        traced = torch.jit.trace(wrapper, (x, levels[:2], labels))
    traced.save(out)

    loaded = torch.jit.load(out, map_location="cpu")
    x3 = torch.randn(3, *sample_shape)
    labels3 = torch.tensor([1, -1, 0])
    with torch.no_grad():
        want = wrapper(x3, levels[:3], labels3)
        got = loaded(x3, levels[:3], labels3)
    assert got.shape == x3.shape, f"the module returns {tuple(got.shape)}, not x's shape {tuple(x3.shape)}"
    err = (got - want).abs().max().item()
    assert err < 1e-4 * max(1.0, want.abs().max().item()), f"saved module differs from eager by {err}"
    print(f"wrote {out}; batch 3 matches eager within {err:.2e}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["sit", "dit", "unet"])
    p.add_argument("--out", required=True, help="the .pt file to write")
    p.add_argument("--repo", help="sit/dit: the SiT or DiT repository (for its models.py)")
    p.add_argument("--checkpoint", help="sit/dit: the checkpoint (.pt)")
    p.add_argument("--model", default="SiT-XL/2", help="sit/dit: the model name, e.g. SiT-XL/2 or DiT-XL/2")
    p.add_argument("--image-size", type=int, default=256, help="sit/dit: image size (latents are 1/8)")
    p.add_argument("--num-classes", type=int, default=1000, help="sit/dit: classes (the null class is this index)")
    p.add_argument("--pretrained", help="unet: a diffusers model folder or hub id")
    p.add_argument("--null-class", type=int, help="unet: the class index trained as 'no class'")
    args = p.parse_args()

    torch.manual_seed(0)
    if args.kind == "unet":
        wrapper, shape, num_classes = load_unet(args)
        levels = torch.tensor([999.0, 500.0, 10.0])  # DDPM timesteps
        param = "parameterization: eps\n  noise-input: ddpm-timestep  # match timesteps/beta-schedule to the scheduler"
    else:
        wrapper, shape, num_classes = load_sit_or_dit(args.kind, args)
        if args.kind == "sit":
            levels = torch.tensor([0.9, 0.5, 0.1])  # flow times t
            param = "parameterization: flow\n  noise-input: t"
        else:
            levels = torch.tensor([999.0, 500.0, 10.0])
            param = "parameterization: eps\n  noise-input: ddpm-timestep\n  timesteps: 1000\n  beta-schedule: linear"
    export(wrapper, shape, args.out, levels)
    cond = f"conditioning: class\n  num-classes: {num_classes}" if num_classes else "conditioning: none"
    print(f"model:\n  name: torchscript\n  path: {args.out}\n  {param}\n  {cond}\n  sample-shape: {shape}")


if __name__ == "__main__":
    main()
