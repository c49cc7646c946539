import os

from conan import ConanFile
from conan.tools.files import copy

required_conan_version = ">=2.2"


class FixtureKernelsConan(ConanFile):
    name = "fixture_kernels"
    description = "edgebench's test fixture for engine libraries and per-model kernels: a tiny interpreter in C"
    license = "MIT"
    package_type = "header-library"
    # The sources travel with the recipe (no upstream to reach): the tests that use this fixture
    # prove the library and kernel mechanisms, not pins (tests/fixture_engine does those).
    exports_sources = "upstream/*"
    no_copy_source = True

    def package_id(self):
        self.info.clear()

    def package(self):
        copy(self, "*.[ch]", os.path.join(self.source_folder, "upstream"), self.package_folder)
