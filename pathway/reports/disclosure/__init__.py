"""Disclosure control: the report's cells and the relations between them, which of them
may be published, and the fixed grain of periods figures are given for."""
