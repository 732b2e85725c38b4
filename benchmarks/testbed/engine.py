"""The inference every testbed process runs (server, on-device runner, isolated service-time measurer): one
torchvision model with random weights (nothing is downloaded), one intra-op thread, inference mode. One request:
the image bytes -> a float tensor (uint8 pixels are scaled to [0, 1] and normalised) -> the model -> the logits'
bytes. Import only after common.ensure_malloc_env() and common.pin().
"""
import torch
import torchvision

_MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
_STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


class Engine:
    def __init__(self, model, dtype="uint8", seed=0):
        torch.set_num_threads(1)
        torch.manual_seed(seed)
        kwargs = {"weights": None}
        if model == "googlenet":
            kwargs.update(aux_logits=False, init_weights=True)
        self.name = model
        self.dtype = dtype
        self.model = getattr(torchvision.models, model)(**kwargs).eval()
        shape = (1, 3, 224, 224)
        if dtype == "uint8":
            self.example = torch.randint(0, 256, shape, dtype=torch.uint8).numpy().tobytes()
        else:
            self.example = torch.randn(shape).numpy().tobytes()

    def infer(self, payload):
        """payload: bytes-like of one image; returns the logits as bytes (float32)."""
        with torch.inference_mode():
            if self.dtype == "uint8":
                x = torch.frombuffer(payload, dtype=torch.uint8).view(1, 3, 224, 224).float().div_(255.0)
                x = (x - _MEAN) / _STD
            else:
                x = torch.frombuffer(payload, dtype=torch.float32).view(1, 3, 224, 224)
            return self.model(x).numpy().tobytes()

    def warm_up(self, runs=3):
        for _ in range(runs):
            self.infer(bytearray(self.example))


def versions():
    return {"torch": torch.__version__, "torchvision": torchvision.__version__,
            "threads": torch.get_num_threads()}
