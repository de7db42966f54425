import json,sys
def dumps(x): return json.dumps(x, ensure_ascii=False)
def render_article(a):
    out=[]
    out.append('{"id": %s, "published": %s, "outlet": %s,' % (dumps(a['id']),dumps(a['published']),dumps(a['outlet'])))
    paras=[]
    for pi,p in enumerate(a['p']):
        lines=[]
        for si,s in enumerate(p):
            lines.append(dumps(s))
        paras.append(lines)
    ptxt=[]
    for pi,lines in enumerate(paras):
        block=''
        for si,l in enumerate(lines):
            if si==0:
                block+='[' + l
            else:
                block+=',\n        ' + l
        block+=']'
        ptxt.append(block)
    out.append(' "p": [' + ',\n       '.join(ptxt) + '],')
    cl=[]
    for c in a['claims']:
        cl.append('  '+dumps(c))
    if cl:
        out.append(' "claims": [\n' + ',\n'.join(cl) + '\n ]}')
    else:
        out.append(' "claims": []}')
    return '\n'.join(out)
def render(arts):
    return '[\n' + ',\n'.join(render_article(a) for a in arts) + '\n]\n'
if __name__=='__main__':
    arts=json.load(open(sys.argv[1]))
    sys.stdout.write(render(arts))
