"""Writes tiny_features.pt (a traced TorchScript model whose forward returns (logits, features)) and
tiny_features.txt (the features of the input x[i, j] = ((3 * i + 5 * j) % 7 - 3) / 2, rows i = 0..4, columns j = 0..3,
one row per line). Run with Debian's python3-torch (torch 1.13.1): /usr/bin/python3 make_fixture.py; traced files are byte-reproducible"""
import torch

torch.manual_seed(0)


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(4, 3)
        self.out = torch.nn.Linear(3, 2)

    def forward(self, x):
        features = torch.relu(self.hidden(x))
        return self.out(features), features


model = Tiny().eval()
x = torch.tensor([[((3 * i + 5 * j) % 7 - 3) / 2 for j in range(4)] for i in range(5)], dtype=torch.float32)
traced = torch.jit.trace(model, x)
traced.save("tiny_features.pt")
with open("tiny_features.txt", "w") as f:
    for row in traced(x)[1].tolist():
        f.write(" ".join(repr(v) for v in row) + "\n")
