# A text classifier's vocabulary, saved and restored as cnn-text-classification-style code did:
# tf.contrib.learn.preprocessing.VocabularyProcessor, pickled by its save(). Usage:
#   vocabulary_pickle.py save FOLDER     fit on the documents, print their ids, write FOLDER/vocab
#   vocabulary_pickle.py restore FILE    restore FILE, print the ids, words and vocabulary it maps to
import os
import sys

import numpy as np
from tensorflow.contrib import learn

docs = ["The movie was great, great fun!", "a dull, boring movie", "great acting; dull plot",
        "I'd watch it again", "boring boring BORING", "words never seen before"]
mode, path = sys.argv[1], sys.argv[2]
if mode == "save":
    vocab = learn.preprocessing.VocabularyProcessor(7, min_frequency=0)
    ids = np.array(list(vocab.fit_transform(docs[:5])))
    print("fit", ids.tolist())
    vocab.save(os.path.join(path, "vocab"))
else:
    vocab = learn.preprocessing.VocabularyProcessor.restore(path)
    print("type", type(vocab).__name__, type(vocab.vocabulary_).__name__, vocab.max_document_length)
    print("ids", [a.tolist() for a in vocab.transform(docs)])
    print("words", list(vocab.reverse([[1, 2, 3, 4, 0]])))
    print("size", len(vocab.vocabulary_), sorted(vocab.vocabulary_._mapping.items(), key=lambda kv: kv[1]))
