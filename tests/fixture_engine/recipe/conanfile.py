import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy, get
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class FixtureDenseConan(ConanFile):
    name = "fixture_dense"
    description = "edgebench's test fixture engine: one dense layer in C"
    license = "MIT"
    package_type = "header-library"
    no_copy_source = True

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        if "sha256" in pin:  # an archive pin (url + sha256), as most conan-center recipes have
            get(self, url=pin["url"], sha256=pin["sha256"], strip_root=True)
            return
        git = Git(self)
        git.clone(url=pin["url"], target=".")
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")

    def package(self):
        copy(self, "*.[ch]", self.source_folder, os.path.join(self.package_folder, "src"))
