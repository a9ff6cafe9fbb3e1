"""Where the bank is and when it is open.

branches.py       find_branch: branches, cash machines and service points by town
opening_hours.py  opening hours said aloud, and whether a place is open on a day
"""
