hello = Xin chào
