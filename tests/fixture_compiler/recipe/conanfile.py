import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy, save
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class FxccConan(ConanFile):
    name = "fxcc"
    description = "edgebench's test fixture compiler: an ONNX dense layer -> C, a tool package"
    license = "MIT"
    package_type = "application"
    settings = "os", "arch"

    def layout(self):
        basic_layout(self, src_folder="src")

    def source(self):
        pin = self.conan_data["sources"][self.version]
        git = Git(self)
        git.clone(url=pin["url"], target=".")
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")

    def package(self):
        copy(self, "*.py", os.path.join(self.source_folder, "python"), os.path.join(self.package_folder, "python"))
        save(self, os.path.join(self.package_folder, "requirements.txt"),
             "".join(f"{line}\n" for line in self.conan_data["sources"][self.version]["python_requirements"]))

    def package_info(self):
        self.cpp_info.includedirs = []
        self.runenv_info.prepend_path("PYTHONPATH", os.path.join(self.package_folder, "python"))
        self.runenv_info.define("FXCC_FLAVOUR", "from the recipe's run environment")
