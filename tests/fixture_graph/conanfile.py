import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class FixtureTopConan(ConanFile):
    """An engine recipe with a Conan requirement (as tflite-micro requires flatbuffers): its own
    package holds the header the glue includes, its requirement (fixture_dense) the code."""
    name = "fixture_top"
    description = "edgebench's test fixture for package graphs: dense.h, requiring the code"
    license = "MIT"
    package_type = "header-library"
    no_copy_source = True

    def requirements(self):
        # data, so that a test can name a requirement no recipe folder holds, or a loop
        for requirement in self.conan_data["requires"]:
            self.requires(requirement)

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        git = Git(self)
        git.clone(url=pin["url"], target=".")
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")

    def package(self):
        copy(self, "dense.h", self.source_folder, os.path.join(self.package_folder, "include"))
