"""``tf.contrib.learn.preprocessing``: the vocabulary text classifiers of 2016-2018 built their inputs
with (``VocabularyProcessor``, its ``CategoricalVocabulary`` and ``tokenizer``), written from TF
1.15.5's observed behaviour: the same ids for the same documents, the same trimming order
(frequency, then the word), and pickles that load both ways. A processor TF 1.15.5 saved
restores here and maps text to the same ids; one saved here restores under TF 1.15.5.

Both ways hold because the classes keep TF 1.15's module paths and instance attributes: a pickle
names ``tensorflow.contrib.learn.python.learn.preprocessing.text.VocabularyProcessor``, and
:func:`register` puts modules of those names in ``sys.modules`` for a TF1 process.
"""

from __future__ import annotations

import collections
import pickle
import re
import sys
import types

import numpy as np

__all__ = ["CategoricalVocabulary", "VocabularyProcessor", "tokenizer"]

TEXT = "tensorflow.contrib.learn.python.learn.preprocessing.text"
VOCABULARY = "tensorflow.contrib.learn.python.learn.preprocessing.categorical_vocabulary"

# Runs of capitals (an acronym), a capitalised word before another capital, or a run of word
# characters, apostrophes and hyphens: "Hello, world! it's 3.5" -> Hello, world, it's, 3, 5.
TOKENIZER_RE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z][a-z]+(?=[A-Z])|[\'\w\-]+", re.UNICODE)


def tokenizer(iterator):
    """Each document's tokens, as a list."""
    for value in iterator:
        yield TOKENIZER_RE.findall(value)


class CategoricalVocabulary:
    """Words to ids: 0 is the unknown token; a new word takes the next id until frozen."""

    def __init__(self, unknown_token="<UNK>", support_reverse=True):
        self._unknown_token = unknown_token
        self._mapping = {unknown_token: 0}
        self._support_reverse = support_reverse
        if support_reverse:
            self._reverse_mapping = [unknown_token]
        self._freq = collections.defaultdict(int)
        self._freeze = False

    def __len__(self):
        return len(self._mapping)

    def freeze(self, freeze=True):
        self._freeze = freeze

    def get(self, category):
        """The word's id; a new word is added unless the vocabulary is frozen (then 0)."""
        if category not in self._mapping:
            if self._freeze:
                return 0
            self._mapping[category] = len(self._mapping)
            if self._support_reverse:
                self._reverse_mapping.append(category)
        return self._mapping[category]

    def add(self, category, count=1):
        category_id = self.get(category)
        if category_id <= 0:
            return
        self._freq[category] += count

    def trim(self, min_frequency, max_frequency=-1):
        """Keeps the words seen more than ``min_frequency`` (and fewer than ``max_frequency``)
        times, renumbered by frequency, most frequent first, ties in the words' order."""
        by_word = sorted(self._freq.items(), key=lambda item: (isinstance(item[0], str), item[0]))
        self._freq = sorted(by_word, key=lambda item: item[1], reverse=True)
        self._mapping = {self._unknown_token: 0}
        if self._support_reverse:
            self._reverse_mapping = [self._unknown_token]
        kept = {}
        for category, count in self._freq:
            if max_frequency > 0 and count >= max_frequency:
                continue
            if count <= min_frequency:
                break
            kept[category] = count
            self.get(category)
        self._freq = kept

    def reverse(self, class_id):
        if not self._support_reverse:
            raise ValueError("This vocabulary wasn't initialized with support_reverse to support reverse() function.")
        return self._reverse_mapping[class_id]


class VocabularyProcessor:
    """Documents to fixed-length arrays of word ids (0-padded, cut at ``max_document_length``)."""

    def __init__(self, max_document_length, min_frequency=0, vocabulary=None, tokenizer_fn=None):
        self.max_document_length = max_document_length
        self.min_frequency = min_frequency
        self.vocabulary_ = vocabulary if vocabulary else CategoricalVocabulary()
        self._tokenizer = tokenizer_fn if tokenizer_fn else tokenizer

    def fit(self, raw_documents, unused_y=None):
        for tokens in self._tokenizer(raw_documents):
            for token in tokens:
                self.vocabulary_.add(token)
        if self.min_frequency > 0:
            self.vocabulary_.trim(self.min_frequency)
        self.vocabulary_.freeze()
        return self

    def fit_transform(self, raw_documents, unused_y=None):
        self.fit(raw_documents)
        return self.transform(raw_documents)

    def transform(self, raw_documents):
        """A generator of int64 arrays, one per document."""
        for tokens in self._tokenizer(raw_documents):
            word_ids = np.zeros(self.max_document_length, np.int64)
            for index, token in enumerate(tokens):
                if index >= self.max_document_length:
                    break
                word_ids[index] = self.vocabulary_.get(token)
            yield word_ids

    def reverse(self, documents):
        """Each id array back to its words, joined by spaces."""
        for item in documents:
            yield " ".join(self.vocabulary_.reverse(class_id) for class_id in item)

    def save(self, filename):
        with open(filename, "wb") as f:
            f.write(pickle.dumps(self))

    @classmethod
    def restore(cls, filename):
        with open(filename, "rb") as f:
            return pickle.loads(f.read())


# A pickle names a class by its module and name: TF 1.15's, so that pickles load both ways.
for _obj in (tokenizer, VocabularyProcessor):
    _obj.__module__ = TEXT
CategoricalVocabulary.__module__ = VOCABULARY


def register() -> None:
    """Modules of TF 1.15's paths in ``sys.modules`` (a pickle's classes are looked up there)."""
    for name, members in ((TEXT, (tokenizer, VocabularyProcessor, CategoricalVocabulary)),
                          (VOCABULARY, (CategoricalVocabulary,))):  # fmt: skip
        if name not in sys.modules:
            module = types.ModuleType(name, f"TF 1.15's {name}, served by tf1-lessons")
            for member in members:
                setattr(module, member.__name__, member)
            sys.modules[name] = module
