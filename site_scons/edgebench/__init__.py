"""edgebench: board x engine x model -> ELF -> emulator -> report.

Plain functions over plain data; the SCons tools in ../site_tools adapt them.
"""
