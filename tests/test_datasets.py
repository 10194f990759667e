"""Data loaders: real MNIST / Fashion-MNIST / Pima, TF1's next_batch, and every error path."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import socket
import threading
from pathlib import Path

import numpy as np
import pytest

from tf1_lessons.datasets import DataError, fashion_mnist, mnist, pima
from tf1_lessons.datasets._files import MNIST, DataSpec

# ---------------------------------------------------------------------------------------------
# Real data (figures from ../shared/data/README.md)


@pytest.fixture(scope="module")
def mnist_sets():
    return mnist.read_data_sets("MNIST_data/", one_hot=True)


def test_mnist_split_sizes_and_encoding(mnist_sets):
    assert (mnist_sets.train.num_examples, mnist_sets.validation.num_examples, mnist_sets.test.num_examples) == (
        55000,
        5000,
        10000,
    )
    assert mnist_sets.train.images.shape == (55000, 784)
    assert mnist_sets.train.images.dtype == np.float32
    assert mnist_sets.train.labels.shape == (55000, 10)
    assert np.all(mnist_sets.train.labels.sum(axis=1) == 1)
    assert mnist_sets.train.images.min() == 0.0 and mnist_sets.train.images.max() == 1.0


def test_mnist_matches_published_sanity_figures(mnist_sets):
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28)
    assert list(y_train[:5]) == [5, 0, 4, 1, 9]
    pixels = x_train / 255.0
    assert pixels.mean() == pytest.approx(0.1307, abs=5e-5)
    assert pixels.std() == pytest.approx(0.3081, abs=5e-5)
    # TF1's split: the first 5,000 training images are the validation set.
    assert np.array_equal(mnist_sets.validation.labels.argmax(1), y_train[:5000])
    assert np.array_equal(mnist_sets.train.labels.argmax(1), y_train[5000:])
    # Pixels are x * float32(1/255) computed in float32, as TF1 did.
    expected = x_train[5000].reshape(-1).astype(np.float32) * np.float32(1 / 255)
    assert np.array_equal(mnist_sets.train.images[0], expected)


def test_fashion_mnist_sanity_figures():
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert list(y_train[:5]) == [9, 0, 0, 3, 0]
    assert np.all(np.bincount(y_train) == 6000)
    assert (x_train / 255.0).mean() == pytest.approx(0.2860, abs=5e-5)
    assert x_test.shape == (10000, 28, 28)
    sets = fashion_mnist.read_data_sets(None, validation_size=0)
    assert sets.train.num_examples == 60000 and sets.validation.num_examples == 0


def test_pima_sanity_figures():
    features, labels = pima.load_data()
    assert features.shape == (768, 8) and labels.shape == (768,)
    assert labels.sum() == 268
    means = [3.845, 120.895, 69.105, 20.536, 79.799, 31.993, 0.472, 33.241]
    assert features.mean(axis=0) == pytest.approx(means, abs=5e-4)


# ---------------------------------------------------------------------------------------------
# next_batch: compared with TF1's own algorithm (whole-set copies, numpy's global RNG)


class TF1DataSet:
    """TF1's ``mnist.DataSet.next_batch`` logic as it was written: reseed the global RNG at
    construction, copy the whole (shuffled) set at every epoch."""

    def __init__(self, images, labels, seed):
        np.random.seed(seed)
        self._images, self._labels = images, labels
        self._n = images.shape[0]
        self._epochs_completed = self._index_in_epoch = 0

    def next_batch(self, batch_size, shuffle=True):
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            perm0 = np.arange(self._n)
            np.random.shuffle(perm0)
            self._images, self._labels = self._images[perm0], self._labels[perm0]
        if start + batch_size > self._n:
            self._epochs_completed += 1
            rest = self._n - start
            images_rest, labels_rest = self._images[start:], self._labels[start:]
            if shuffle:
                perm = np.arange(self._n)
                np.random.shuffle(perm)
                self._images, self._labels = self._images[perm], self._labels[perm]
            self._index_in_epoch = batch_size - rest
            end = self._index_in_epoch
            return (
                np.concatenate((images_rest, self._images[:end])),
                np.concatenate((labels_rest, self._labels[:end])),
            )
        self._index_in_epoch += batch_size
        return self._images[start : self._index_in_epoch], self._labels[start : self._index_in_epoch]


@pytest.mark.parametrize("batch_size, shuffle", [(7, True), (10, True), (23, True), (7, False), (50, True)])
def test_next_batch_follows_tf1_exactly(batch_size, shuffle):
    n = 50
    images = np.arange(n * 4, dtype=np.uint8).reshape(n, 2, 2)
    labels = np.arange(n)
    ours = mnist.DataSet(images, labels, dtype=np.uint8, seed=123)
    tf1 = TF1DataSet(images.reshape(n, 4), labels, seed=123)
    for _ in range(40):  # several epochs, batches crossing epoch ends
        (x1, y1), (x2, y2) = ours.next_batch(batch_size, shuffle=shuffle), tf1.next_batch(batch_size, shuffle=shuffle)
        assert np.array_equal(y1, y2) and np.array_equal(x1, x2)
        assert ours.epochs_completed == tf1._epochs_completed


def test_next_batch_wraps_across_the_epoch_end():
    ds = mnist.DataSet(np.zeros((10, 1, 1), np.uint8), np.arange(10), dtype=np.uint8)
    for _ in range(3):
        ds.next_batch(3, shuffle=False)
    _, labels = ds.next_batch(3, shuffle=False)  # 9, then the next epoch's 0 and 1
    assert list(labels) == [9, 0, 1] and ds.epochs_completed == 1
    _, labels = ds.next_batch(3, shuffle=False)
    assert list(labels) == [2, 3, 4]


def test_each_epoch_visits_every_example_once():
    ds = mnist.DataSet(np.zeros((100, 1, 1), np.uint8), np.arange(100), dtype=np.uint8, seed=0)
    seen = np.concatenate([ds.next_batch(10)[1] for _ in range(10)])
    assert sorted(seen) == list(range(100)) and list(seen) != list(range(100))


def test_dataset_options():
    images = np.full((4, 28, 28), 255, np.uint8)
    assert mnist.DataSet(images, np.arange(4), reshape=False).images.shape == (4, 28, 28, 1)
    raw = mnist.DataSet(images, np.arange(4), dtype=np.uint8)
    assert raw.images.dtype == np.uint8 and raw.images.shape == (4, 784)
    with pytest.raises(ValueError, match="counts differ"):
        mnist.DataSet(images, np.arange(3))
    with pytest.raises(TypeError, match="float32 or uint8"):
        mnist.DataSet(images, np.arange(4), dtype=np.float64)
    with pytest.raises(ValueError, match="batch_size"):
        raw.next_batch(5)


def test_validation_size_out_of_range(mnist_folder):
    with pytest.raises(ValueError, match="validation_size should be between 0 and 6"):
        mnist.read_data_sets(mnist_folder, validation_size=7, verify=False)


# ---------------------------------------------------------------------------------------------
# Synthetic IDX files for the error paths


def idx_bytes(array: np.ndarray, magic: int | None = None) -> bytes:
    magic = magic if magic is not None else 0x0800 | array.ndim
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_mnist_folder(folder: Path, n_train=6, n_test=3, train_labels=None, images_magic=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    files = {
        "train-images-idx3-ubyte.gz": idx_bytes(rng.integers(0, 256, (n_train, 28, 28)), images_magic),
        "train-labels-idx1-ubyte.gz": idx_bytes(np.arange(train_labels if train_labels is not None else n_train) % 10),
        "t10k-images-idx3-ubyte.gz": idx_bytes(rng.integers(0, 256, (n_test, 28, 28))),
        "t10k-labels-idx1-ubyte.gz": idx_bytes(np.arange(n_test) % 10),
    }
    for name, payload in files.items():
        (folder / name).write_bytes(gzip.compress(payload))
    return folder


@pytest.fixture
def mnist_folder(tmp_path):
    return write_mnist_folder(tmp_path / "mine")


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No TF1_LESSONS_DATA, an empty user cache, and downloads pointed at a closed local port."""
    monkeypatch.delenv("TF1_LESSONS_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_own_files_load_with_verify_false(mnist_folder):
    sets = mnist.read_data_sets(mnist_folder, validation_size=2, verify=False)
    assert (sets.train.num_examples, sets.validation.num_examples, sets.test.num_examples) == (4, 2, 3)


def test_checksum_mismatch_names_file_and_fix(mnist_folder):
    with pytest.raises(DataError) as err:
        mnist.read_data_sets(mnist_folder)
    message = str(err.value)
    assert "train-images-idx3-ubyte.gz" in message and "checksum mismatch" in message
    assert "TF1_LESSONS_DATA" in message and "verify=False" in message


def test_truncated_gzip(mnist_folder):
    path = mnist_folder / "train-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-12])
    with pytest.raises(DataError, match=r"train-labels-idx1-ubyte\.gz: not a complete gzip file.*delete it"):
        mnist.load_data(mnist_folder, verify=False)


def test_truncated_payload(mnist_folder):
    path = mnist_folder / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes())[:-100]))
    with pytest.raises(
        DataError, match=r"t10k-images-idx3-ubyte\.gz: header promises 3x28x28 = 2352 bytes.*holds 2252"
    ):
        mnist.load_data(mnist_folder, verify=False)


def test_wrong_magic(tmp_path):
    folder = write_mnist_folder(tmp_path / "swapped", images_magic=2049)
    with pytest.raises(DataError, match=r"train-images-idx3-ubyte\.gz: IDX magic number is 2049, expected 2051"):
        mnist.load_data(folder, verify=False)


def test_image_label_count_mismatch(tmp_path):
    folder = write_mnist_folder(tmp_path / "mismatch", train_labels=5)
    with pytest.raises(DataError, match="holds 6 images but .*train-labels-idx1-ubyte.gz holds 5 labels"):
        mnist.load_data(folder, verify=False)


def test_pima_wrong_columns(tmp_path):
    folder = tmp_path / "pima"
    folder.mkdir()
    (folder / pima.FILE).write_text("1,2,3\n4,5,6\n")
    with pytest.raises(DataError, match="expected 9 columns"):
        pima.load_data(folder, verify=False)
    with pytest.raises(DataError, match="checksum mismatch"):
        pima.load_data(folder)


def test_lookup_order_explicit_then_env(tmp_path, monkeypatch, isolated):
    explicit = write_mnist_folder(tmp_path / "explicit", n_train=7)
    env_root = tmp_path / "envdata"
    write_mnist_folder(env_root / "mnist", n_train=8)
    monkeypatch.setenv("TF1_LESSONS_DATA", str(env_root))
    assert mnist.load_data(explicit, verify=False)[0][0].shape[0] == 7
    # An explicit folder without the files (TF1's habitual "MNIST_data/") falls through to the env.
    assert mnist.load_data(tmp_path / "MNIST_data", verify=False)[0][0].shape[0] == 8
    # A folder holding <name>/ works as the explicit argument too.
    assert mnist.load_data(env_root, verify=False)[0][0].shape[0] == 8


def test_no_network_and_no_local_copy(isolated):
    offline = DataSpec("mnist", MNIST.files, mirrors=(f"http://127.0.0.1:{closed_port()}/mnist/",))
    with pytest.raises(DataError) as err:
        mnist.load_data(isolated / "nowhere", spec=offline)
    message = str(err.value)
    assert "no complete local copy" in message and "download failed" in message and "does not exist" in message
    assert "TF1_LESSONS_DATA" in message and "127.0.0.1" in message
    cache = isolated / "cache" / "tf1-lessons" / "mnist"
    assert not cache.exists() or not any(cache.iterdir()), "nothing may be left half-written in the cache"


def test_no_network_is_said_plainly_and_leaves_no_folder(isolated, monkeypatch, capfd):
    def no_dns(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(DataError) as err:
        mnist.load_data()
    message = str(err.value)
    assert "download failed: no network: could not look up storage.googleapis.com (Temporary failure" in message
    assert "Downloading" not in capfd.readouterr().err  # nothing announced that cannot happen
    assert not (isolated / "cache" / "tf1-lessons").exists(), "a failed download must not leave empty cache folders"


def test_a_failed_download_removes_the_folders_it_created(isolated):
    offline = DataSpec("mnist", MNIST.files, mirrors=(f"http://127.0.0.1:{closed_port()}/mnist/",))
    with pytest.raises(DataError, match="ConnectionError"):
        mnist.load_data(spec=offline)
    assert not (isolated / "cache" / "tf1-lessons").exists()


def test_a_folder_where_a_data_file_should_be_is_named_as_the_cause(isolated, tmp_path):
    folder = tmp_path / "data" / "mnist"
    write_mnist_folder(folder)
    (folder / "train-images-idx3-ubyte.gz").unlink()
    (folder / "train-images-idx3-ubyte.gz").mkdir()
    with pytest.raises(DataError) as err:
        mnist.load_data(folder, download=False)
    first = str(err.value).splitlines()[0]
    assert first == f"mnist: {folder / 'train-images-idx3-ubyte.gz'} is a folder, not a file."


def test_tf1_lessons_data_naming_a_file_is_named_as_the_cause(isolated, tmp_path, monkeypatch):
    a_file = tmp_path / "data.tar"
    a_file.write_text("not a folder")
    monkeypatch.setenv("TF1_LESSONS_DATA", str(a_file))
    with pytest.raises(DataError) as err:
        mnist.load_data(download=False)
    message = str(err.value)
    assert message.splitlines()[0] == f"mnist: {a_file} is a file, not a folder."
    assert f"$TF1_LESSONS_DATA: {a_file / 'mnist'}: {a_file} is a file, not a folder" in message


def test_a_relative_tf1_lessons_data_is_named_with_the_absolute_path_it_meant(isolated, tmp_path, monkeypatch):
    """`TF1_LESSONS_DATA=../shared/data` is read from the current folder, which differs from
    run to run: the message says which absolute folder that was."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TF1_LESSONS_DATA", "../nowhere/data")
    with pytest.raises(DataError) as err:
        mnist.load_data(download=False)
    expected = (tmp_path / "../nowhere/data/mnist").absolute()
    assert f"$TF1_LESSONS_DATA: ../nowhere/data/mnist (here: {expected}): does not exist" in str(err.value)


def test_download_off_gives_the_same_advice(isolated):
    with pytest.raises(DataError, match="TF1_LESSONS_DATA"):
        mnist.load_data(download=False)


class _Server:
    """A loopback HTTP server over one folder (for pooch's real download path)."""

    def __init__(self, folder: Path):
        handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder), **k)  # noqa: E731
        http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _payload_hashes(folder: Path) -> dict:
    return {p.name: hashlib.sha256(gzip.decompress(p.read_bytes())).hexdigest() for p in folder.iterdir()}


def test_download_verifies_and_caches(tmp_path, isolated):
    served = write_mnist_folder(tmp_path / "served")
    server = _Server(served)
    try:
        spec = DataSpec("mnist", _payload_hashes(served), mirrors=(f"http://127.0.0.1:{closed_port()}/", server.url))
        (x_train, y_train), _ = mnist.load_data(spec=spec)  # first mirror is down, second works
        assert x_train.shape == (6, 28, 28)
        cache = isolated / "cache" / "tf1-lessons" / "mnist"
        assert sorted(os.listdir(cache)) == sorted(spec.files)
        # Now cached: works with the server gone.
        server.close()
        server = None
        assert mnist.load_data(spec=spec, download=False)[0][1].tolist() == y_train.tolist()
    finally:
        if server:
            server.close()


def test_download_with_wrong_payload_leaves_nothing(tmp_path, isolated):
    served = write_mnist_folder(tmp_path / "served")
    server = _Server(served)
    try:
        wrong = {name: "0" * 64 for name in MNIST.files}
        spec = DataSpec("mnist", wrong, mirrors=(server.url,))
        with pytest.raises(DataError, match="checksum mismatch"):
            mnist.load_data(spec=spec)
    finally:
        server.close()
    cache = isolated / "cache" / "tf1-lessons" / "mnist"
    assert not cache.exists() or os.listdir(cache) == []


def test_limit_train_cuts_only_the_training_split(mnist_folder):
    sets = mnist.read_data_sets(mnist_folder, validation_size=1, verify=False)
    cut = mnist.limit_train(sets, 2, seed=0)
    assert cut.train.num_examples == 2 and cut.test is sets.test and cut.validation is sets.validation
    assert np.array_equal(cut.train.images, sets.train.images[:2])
    assert mnist.limit_train(sets, 100) is sets
