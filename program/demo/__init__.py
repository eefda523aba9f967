"""The program app's demo content as data, written for this project from the facts of the sources.

``program.demo_content`` turns it into snippets and pages.
"""
