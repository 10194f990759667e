"""Run by mkdocs-gen-files at build time: the lesson pages and the reference tables, made from
the lessons and the runtime (tf1_lessons.docsite), never typed twice."""

import mkdocs_gen_files

from tf1_lessons import docsite

for path, content in docsite.pages():
    with mkdocs_gen_files.open(path, "wb" if isinstance(content, bytes) else "w") as out:
        out.write(content)
