import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy, save
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class NcnnConan(ConanFile):
    name = "ncnn"
    description = "ncnn: Tencent's inference framework for phones (sources, built by edgebench's CMake step)"
    license = "BSD-3-Clause"
    url = "https://github.com/Tencent/ncnn"
    homepage = "https://github.com/Tencent/ncnn"
    topics = ("machine-learning", "inference", "arm", "neon")
    package_type = "header-library"
    no_copy_source = True

    def layout(self):
        basic_layout(self, src_folder="src")

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        git = Git(self)
        git.clone(url=pin["url"], target=".", args=["--no-checkout", "--filter=blob:none"])
        git.run("sparse-checkout set --no-cone " + " ".join(f"'{path}'" for path in pin["paths"]))
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")

    def package(self):
        # The source tree its CMake builds, as checked out: edgebench configures it per board.
        copy(self, "*", self.source_folder, self.package_folder, excludes=[".git/*", ".git"])
        copy(self, "LICENSE.txt", self.source_folder, os.path.join(self.package_folder, "licenses"))
        save(self, os.path.join(self.package_folder, "requirements.txt"),
             "\n".join(self.conan_data["sources"][self.version]["python_requirements"]) + "\n")

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.includedirs = []
