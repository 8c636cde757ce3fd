print("deployrole: under construction")
