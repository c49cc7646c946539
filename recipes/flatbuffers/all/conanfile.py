import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy, download, patch
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class FlatbuffersConan(ConanFile):
    name = "flatbuffers"
    description = "FlatBuffers' C++ headers with TensorFlow Lite Micro's patch applied (sources)"
    license = "Apache-2.0"
    url = "https://github.com/google/flatbuffers"
    homepage = "https://github.com/google/flatbuffers"
    topics = ("serialization", "tflite-micro")
    package_type = "header-library"
    no_copy_source = True

    def layout(self):
        basic_layout(self, src_folder="src")

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        git = Git(self)
        # TFLM compiles against the headers only (no flatc, no library): the rest of the tree
        # (compiler, tests, other languages) is not fetched.
        git.clone(url=pin["url"], target=".", args=["--no-checkout", "--filter=blob:none"])
        git.run("sparse-checkout set --no-cone /include/flatbuffers/ /LICENSE")
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")
        # TFLM patches out the default allocator and the builder's string pool (no dynamic memory)
        # and defaults FLATBUFFERS_LOCALE_INDEPENDENT to 0; flatbuffers_download.sh applies it.
        tflm = pin["tflm_patch"]
        patch_file = os.path.join(self.source_folder, "tflm-flatbuffers.patch")
        download(self, tflm["url"], patch_file, sha256=tflm["sha256"])
        patch(self, patch_file=patch_file)

    def package(self):
        copy(self, "flatbuffers/*.h", os.path.join(self.source_folder, "include"),
             os.path.join(self.package_folder, "include"), excludes=["flatbuffers/pch/*"])
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
